namespace NeckCare.Device.Host.Control;

/// <summary>What the owner loop says in the journal (Information: connected, shut down; Warning and up: what failed).</summary>
internal sealed partial class ControllerService
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to {Model} (firmware {Firmware})")]
    private static partial void LogConnected(ILogger logger, string? model, string? firmware);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No massager: {Reason} Retrying every second; this is logged again only if the reason changes.")]
    private static partial void LogConnectFailed(ILogger logger, string? reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A control step failed; outputs were switched off and ControllerError latched")]
    private static partial void LogStepFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Count} control steps failed in a row; stopping the service with outputs off (exit code 70) so the service manager restarts it")]
    private static partial void LogGivingUp(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Disconnecting from the massager failed during shutdown")]
    private static partial void LogDisconnectFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shut down: motor and heater are off")]
    private static partial void LogOutputsOff(ILogger logger);
}
