using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Hardware;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Sessions;
using NeckCare.Device.TestSupport;

namespace NeckCare.Device.Core.Tests.Sessions;

/// <summary>Each guard of the table at its exact edge, and the words each refusal carries.</summary>
public class SessionGuardBoundaryTests
{
    private readonly ManualTimeProvider _time = new();

    private Session Massaging(int level = 1, bool hasHeater = true, Func<DeviceFaults>? deviceFaults = null)
    {
        var session = new Session(new SessionOptions(), _time, () => true, _ => null, deviceFaults);
        session.OnDeviceConnected(new DeviceInfo("t", "1", 5, hasHeater, "ntc", 45));
        Assert.True(session.Handle(new StartSession(10, HeatLevel.Off)).IsAccepted);
        _time.Advance(TimeSpan.FromSeconds(61));
        session.Advance();
        if (level > 1)
        {
            Assert.True(session.Handle(new SetIntensity(level)).IsAccepted);
        }

        return session;
    }

    [Fact]
    public void Levels_one_and_the_strongest_are_in_range_and_zero_and_one_more_are_not()
    {
        var session = Massaging(level: 3);

        Assert.True(session.Handle(new SetIntensity(1)).IsAccepted);
        Assert.True(session.Handle(new SetIntensity(5)).IsAccepted);
        var below = session.Handle(new SetIntensity(0)).Refusal!;
        var above = session.Handle(new SetIntensity(6)).Refusal!;

        Assert.Equal(("invalid-value", "level", "1–5"), (below.Code, below.Field, below.AllowedRange));
        Assert.Equal("invalid-value", above.Code);
        Assert.Equal(5, session.Level);
    }

    [Fact]
    public void During_the_warm_up_the_same_level_or_a_lower_one_may_be_set_but_not_a_higher_one()
    {
        var session = new Session(new SessionOptions(), _time, () => true, _ => null);
        session.OnDeviceConnected(new DeviceInfo("t", "1", 5, true, "ntc", 45));
        Assert.True(session.Handle(new StartSession(10, HeatLevel.Off)).IsAccepted);

        Assert.True(session.Handle(new SetIntensity(1)).IsAccepted);
        var refusal = session.Handle(new SetIntensity(2)).Refusal!;

        Assert.Equal("warm-up", refusal.Code);
        Assert.Contains("intensity can be raised in 60 s", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void After_an_ease_off_the_level_just_below_the_ceiling_may_be_set_and_the_ceiling_may_not()
    {
        var session = Massaging(level: 4);
        Assert.True(session.Handle(new EaseOff()).IsAccepted); // 4 hurt: down to 2, ceiling 4

        Assert.True(session.Handle(new SetIntensity(3)).IsAccepted);
        Assert.Equal("ceiling", session.Handle(new SetIntensity(4)).Refusal!.Code);
        Assert.True(session.Handle(new SetIntensity(2)).IsAccepted); // lowering is always allowed
        Assert.Equal(4, session.Ceiling);
    }

    [Fact]
    public void A_heat_level_that_is_not_one_of_the_three_is_refused_naming_the_field_and_the_three()
    {
        var session = new Session(new SessionOptions(), _time, () => true, _ => null);
        session.OnDeviceConnected(new DeviceInfo("t", "1", 5, true, "ntc", 45));

        var start = session.Handle(new StartSession(10, (HeatLevel)7)).Refusal!;
        Assert.True(session.Handle(new StartSession(10, HeatLevel.Off)).IsAccepted);
        var set = session.Handle(new SetHeat((HeatLevel)7)).Refusal!;

        Assert.Equal(("invalid-value", "heat", "Off, Low, High"), (start.Code, start.Field, start.AllowedRange));
        Assert.Contains("heat must be one of Off, Low, High", start.Message, StringComparison.Ordinal);
        Assert.Equal(("invalid-value", "level", "Off, Low, High"), (set.Code, set.Field, set.AllowedRange));
        Assert.Contains("level must be one of Off, Low, High", set.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_start_refusal_says_what_to_do()
    {
        var noHeater = new Session(new SessionOptions(), _time, () => true, _ => null);
        noHeater.OnDeviceConnected(new DeviceInfo("t", "1", 5, false, "none", 45));
        var latched = DeviceFaults.OverTemperature;
        var deviceHolds = new Session(new SessionOptions(), _time, () => true, _ => null, () => latched);
        deviceHolds.OnDeviceConnected(new DeviceInfo("t", "1", 5, true, "ntc", 45));
        var faulted = new Session(new SessionOptions(), _time, () => true, _ => null);
        faulted.OnDeviceConnected(new DeviceInfo("t", "1", 5, true, "ntc", 45));
        faulted.Trip(Core.Safety.FaultCode.MotorJam, "jam");

        Assert.Contains("has no heater; choose heat Off", noHeater.Handle(new StartSession(10, HeatLevel.Low)).Refusal!.Message, StringComparison.Ordinal);
        Assert.Contains("still reports a fault (OverTemperature)", deviceHolds.Handle(new StartSession(10, HeatLevel.Off)).Refusal!.Message, StringComparison.Ordinal);
        latched = DeviceFaults.ButtonStop;
        Assert.Contains("stop button was just pressed", deviceHolds.Handle(new StartSession(10, HeatLevel.Off)).Refusal!.Message, StringComparison.Ordinal);
        var fault = faulted.Handle(new StartSession(10, HeatLevel.Off)).Refusal!;
        Assert.Equal("fault-latched", fault.Code);
        Assert.False(string.IsNullOrWhiteSpace(fault.Message));
        Assert.Throws<ArgumentNullException>(() => faulted.Handle(null!));
        Assert.Throws<ArgumentNullException>(() => faulted.OnDeviceConnected(null!));
    }

    [Fact]
    public void Auto_tune_without_heat_says_how_to_get_heat()
    {
        var session = Massaging();

        var refusal = session.Handle(new StartAutoTune()).Refusal!;

        Assert.Equal("no-heat", refusal.Code);
        Assert.Contains("start one with heat Low or", refusal.Message, StringComparison.Ordinal);
    }
}
