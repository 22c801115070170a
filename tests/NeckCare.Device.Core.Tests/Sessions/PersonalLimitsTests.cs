using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Heat;
using NeckCare.Device.Core.Sessions;

namespace NeckCare.Device.Core.Tests.Sessions;

/// <summary>A carer's limits are guards of the session table, on the shipped path.</summary>
public class PersonalLimitsTests
{
    private static Rig Massaging(PersonalLimits limits, HeatLevel heat = HeatLevel.Off, bool guided = false)
    {
        var rig = Rig.Connected();
        rig.Accept(new SetPersonalLimits(limits));
        rig.Accept(new StartSession(15, heat, guided));
        rig.Run(TimeSpan.FromSeconds(61));
        Assert.Equal(SessionState.Massaging, rig.Status.State);
        return rig;
    }

    [Fact]
    public void Raising_past_the_personal_level_limit_is_refused_naming_it()
    {
        var rig = Massaging(new PersonalLimits(MaxLevel: 2));
        rig.Accept(new RaiseIntensity());

        var refused = rig.Refuse(new RaiseIntensity());

        Assert.Equal("personal-limit", refused.Code);
        Assert.Contains("personal limit (2)", refused.Message, StringComparison.Ordinal);
        Assert.Equal("personal-limit", rig.Refuse(new SetIntensity(4)).Code);
        Assert.Equal(2, rig.Status.Intensity);
        rig.Accept(new SetIntensity(1)); // lowering is always allowed
    }

    [Fact]
    public void Heat_above_the_personal_heat_limit_is_refused_at_start_and_during_a_session()
    {
        var rig = Rig.Connected();
        rig.Accept(new SetPersonalLimits(new PersonalLimits(MaxHeat: HeatLevel.Low)));

        Assert.Equal("personal-limit", rig.Refuse(new StartSession(10, HeatLevel.High)).Code);
        rig.Accept(new StartSession(10, HeatLevel.Low));
        Assert.Equal("personal-limit", rig.Refuse(new SetHeat(HeatLevel.High)).Code);
        Assert.Equal(HeatLevel.Low, rig.Status.Heat.Level);
    }

    [Fact]
    public void Lowering_a_limit_during_a_session_brings_level_and_heat_down_at_once_and_raising_it_raises_nothing()
    {
        var rig = Massaging(PersonalLimits.None, HeatLevel.High);
        rig.Accept(new SetIntensity(4));
        rig.Run(TimeSpan.FromSeconds(2));
        var before = rig.Status.Outputs.MotorSpeed;

        rig.Accept(new SetPersonalLimits(new PersonalLimits(MaxLevel: 2, MaxHeat: HeatLevel.Low)));

        Assert.Equal(2, rig.Status.Intensity);
        Assert.Equal(HeatLevel.Low, rig.Status.Heat.Level);
        rig.Run(TimeSpan.FromSeconds(2));
        Assert.True(rig.Status.Outputs.MotorSpeed < before);

        rig.Accept(new SetPersonalLimits(PersonalLimits.None));
        Assert.Equal(2, rig.Status.Intensity);
        Assert.Equal(HeatLevel.Low, rig.Status.Heat.Level);
    }

    [Fact]
    public void Guided_release_climbs_no_higher_than_the_personal_limit()
    {
        var rig = Massaging(new PersonalLimits(MaxLevel: 3), guided: true);
        rig.Accept(new SetIntensity(3));
        rig.Accept(new EaseOff());

        rig.Run(TimeSpan.FromMinutes(5));

        Assert.InRange(rig.Status.Intensity, 1, 2); // one below the ceiling at 3, and never past the limit
    }

    [Fact]
    public void The_status_shows_the_limits_and_a_limit_above_the_device_means_the_devices_maximum()
    {
        var rig = Rig.Connected();
        rig.Accept(new SetPersonalLimits(new PersonalLimits(MaxLevel: 9, MaxHeat: HeatLevel.Low, DefaultMinutes: 8)));

        Assert.Equal(9, rig.Status.Limits.MaxLevel);
        Assert.Equal(8, rig.Status.Limits.DefaultMinutes);
        var massaging = Massaging(new PersonalLimits(MaxLevel: 9));
        massaging.Accept(new SetIntensity(5)); // the device has 5
        Assert.Equal("at-strongest", massaging.Refuse(new RaiseIntensity()).Code);
    }

    [Fact]
    public void Lowering_the_heat_limit_below_a_running_auto_tune_stops_it_and_a_limit_at_its_heat_leaves_it_running()
    {
        var rig = Rig.Running(minutes: 15, heat: HeatLevel.High);
        rig.Accept(new StartAutoTune());
        Assert.Equal(AutoTuneState.Running, rig.Status.AutoTune.State);

        rig.Accept(new SetPersonalLimits(new PersonalLimits(MaxHeat: HeatLevel.High)));
        Assert.Equal(AutoTuneState.Running, rig.Status.AutoTune.State);

        rig.Accept(new SetPersonalLimits(new PersonalLimits(MaxHeat: HeatLevel.Low)));
        Assert.NotEqual(AutoTuneState.Running, rig.Status.AutoTune.State);
        Assert.Equal(HeatLevel.Low, rig.Status.Heat.Level);
    }

    [Fact]
    public void Limits_that_are_missing_are_refused_and_change_nothing()
    {
        var rig = Rig.Connected();

        Assert.Throws<ArgumentNullException>(() => rig.Controller.Handle(new SetPersonalLimits(null!)));
        Assert.Equal(PersonalLimits.None, rig.Status.Limits);
    }
}
