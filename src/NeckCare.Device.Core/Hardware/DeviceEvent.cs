namespace NeckCare.Device.Core.Hardware;

/// <summary>Something the device tells the host without being asked.</summary>
public abstract record DeviceEvent(DateTimeOffset At);

/// <summary>The physical stop button was pressed. The device has already cut its outputs itself.</summary>
public sealed record StopButtonPressed(DateTimeOffset At) : DeviceEvent(At);

/// <summary>The device latched a fault of its own (for example its independent temperature ceiling).</summary>
public sealed record DeviceReportedFault(DateTimeOffset At, DeviceFaults Faults, string Detail) : DeviceEvent(At);

/// <summary>The link to the device is gone (unplugged, silent for too long, reset).</summary>
public sealed record DeviceDisconnected(DateTimeOffset At, string Reason) : DeviceEvent(At);

/// <summary>The device refused the host's outputs several times in a row (NotReady, OutOfRange): host and device disagree.</summary>
public sealed record OutputsRefused(DateTimeOffset At, int Count, string Result) : DeviceEvent(At);
