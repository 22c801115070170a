using NeckCare.Device.Core.Safety;
using NeckCare.Device.Core.StateMachines;
using Next = NeckCare.Device.Core.Sessions.SessionState;
using On = NeckCare.Device.Core.Sessions.SessionTrigger;

namespace NeckCare.Device.Core.Sessions;

/// <summary>
/// The single source of truth for the routine: which trigger may move the session from which state to
/// which, under which guard, and what a refused command is told. <see cref="Session"/> keeps only the
/// numbers these rows read and change; the controller only sets outputs.
/// </summary>
public static class SessionTable
{
    internal static StateMachine<SessionState, SessionTrigger> Build(Session s, SessionState initial)
    {
        var g = new SessionGuards(s);
        var m = new StateMachine<SessionState, SessionTrigger>(initial);

        // No session: every session command is refused with the reason; stop and acknowledge are no-ops.
        m.Configure(Next.Inactive)
            .Ignore(On.Stop)
            .Ignore(On.Acknowledge)
            .Ignore(On.DeviceConnected)
            .Ignore(On.CancelAutoTune)
            .Refuse(On.Raise, g.NoSession)
            .Refuse(On.Lower, g.NoSession)
            .Refuse(On.SetLevel, g.NoSession)
            .Refuse(On.EaseOff, g.NoSession)
            .Refuse(On.ClearCeiling, g.NoSession)
            .Refuse(On.SetHeat, g.NoSessionForHeat)
            .Refuse(On.Pause, g.NoSession)
            .Refuse(On.Resume, g.NotPaused)
            .Refuse(On.Extend, g.NoSession)
            .Refuse(On.StartAutoTune, g.NoHeat);

        m.Configure(Next.Disconnected).SubstateOf(Next.Inactive)
            .Permit(On.DeviceConnected, Next.Idle)
            .Permit(On.Fault, Next.Faulted)
            .Ignore(On.DeviceLost)
            .Refuse(On.Start, g.NoDevice);

        // Start: values first, then what the device allows. Always at level 1 with a warm-up.
        m.Configure(Next.Idle).SubstateOf(Next.Inactive)
            .PermitIf(On.Start, Next.WarmingUp, g.DurationInRange, g.HeatIsALevel, g.HeaterFittedForHeat, g.HeatWithinPersonalLimit, g.DeviceHoldsNoFault)
            .Permit(On.DeviceLost, Next.Disconnected)
            .Permit(On.Fault, Next.Faulted);

        // Faulted: every later fault joins the record (the most severe is shown); acknowledging needs
        // every cause gone. Nothing resumes: it ends in Idle (or Disconnected).
        m.Configure(Next.Faulted).SubstateOf(Next.Inactive)
            .OnEntryFrom(On.Fault, t => s.Record((Fault)t.Argument!))
            .OnEntryFrom(On.DeviceLost, t => s.RecordLinkLost((string)t.Argument!))
            .OnExit(_ => s.ClearFaultRecord())
            .InternalTransition(On.Fault, t => s.Record((Fault)t.Argument!))
            .Ignore(On.DeviceLost)
            .PermitIf(On.Acknowledge, Next.Idle, g.EveryCauseCleared, g.Connected)
            .PermitIf(On.Acknowledge, Next.Disconnected, g.EveryCauseCleared, g.NotConnected)
            .Refuse(On.Start, g.FaultLatched);

        // A session exists: stop, faults and a lost device end it from any of its states.
        m.Configure(Next.Active)
            .OnEntryFrom(On.Start, _ => s.BeginSession())
            .OnExit(t => s.EndSession(t.Trigger, t.Argument))
            .Permit(On.Stop, Next.Idle)
            .Permit(On.Fault, Next.Faulted)
            .Permit(On.DeviceLost, Next.Faulted)
            .Ignore(On.DeviceConnected)
            .Ignore(On.Acknowledge)
            .InternalTransition(On.CancelAutoTune, _ => s.WantAutoTune(false))
            .InternalTransitionIf(On.Extend, _ => s.ExtendBy(), g.BelowCap, g.ExtensionInRange)
            .Refuse(On.Start, g.SessionRunning)
            .Refuse(On.Resume, g.NotPaused)
            .Refuse(On.StartAutoTune, g.NoHeat);

        // The massage is on. Only the user raises, one level at a time, never in the warm-up and never
        // to the ease-off ceiling; guided release is the one exception and has its own row.
        m.Configure(Next.Running).SubstateOf(Next.Active)
            .OnEntry(_ => s.RunClock())
            .OnExit(_ => s.WantAutoTune(false))
            .Permit(On.DurationReached, Next.Finishing)
            .Permit(On.Pause, Next.Paused)
            .InternalTransitionIf(On.Raise, _ => s.ChooseLevel(s.Pending.Level), g.WarmUpOver, g.BelowStrongest, g.WithinPersonalLevel, g.BelowCeiling)
            .InternalTransitionIf(On.Lower, _ => s.ChooseLevel(s.Pending.Level), g.AboveLightest)
            .InternalTransitionIf(On.SetLevel, _ => s.ChooseLevel(s.Pending.Level), g.LevelInRange, g.WarmUpOverToRaise, g.WithinPersonalLevel, g.BelowCeiling)
            .InternalTransition(On.EaseOff, _ => s.EaseOffNow())
            .InternalTransition(On.ClearCeiling, _ => s.ClearCeilingNow())
            .InternalTransitionIf(On.SetHeat, _ => s.ChooseHeat(), g.HeatLevelIsALevel, g.HeaterFittedForHeat, g.HeatWithinPersonalLimit)
            .InternalTransitionIf(On.StartAutoTune, _ => s.WantAutoTune(true), g.HeatIsOn);

        m.Configure(Next.WarmingUp).SubstateOf(Next.Running)
            .Permit(On.WarmUpElapsed, Next.Massaging)
            .Ignore(On.ReleaseStep); // a release waits for the warm-up to end, like the user

        m.Configure(Next.Massaging).SubstateOf(Next.Running)
            .InternalTransition(On.ReleaseStep, _ => s.ReleaseOneLevel());

        // Paused: motor and heat off, clock held. Levels wait for the resume; heat and the ceiling may change.
        m.Configure(Next.Paused).SubstateOf(Next.Active)
            .OnEntry(t => s.HoldForPause(t.Source))
            .PermitIf(On.Resume, Next.WarmingUp, g.PausedDuringWarmUp)
            .PermitIf(On.Resume, Next.Massaging, g.PausedAfterWarmUp)
            .Permit(On.PauseLimitReached, Next.Idle)
            .InternalTransition(On.ClearCeiling, _ => s.ClearCeilingNow())
            .InternalTransitionIf(On.SetHeat, _ => s.ChooseHeat(), g.HeatLevelIsALevel, g.HeaterFittedForHeat, g.HeatWithinPersonalLimit)
            .Refuse(On.Raise, g.Paused)
            .Refuse(On.Lower, g.Paused)
            .Refuse(On.SetLevel, g.Paused)
            .Refuse(On.EaseOff, g.Paused)
            .Refuse(On.Pause, g.Paused);

        // Ramp-down at the end: nothing but stop (and faults) changes it.
        m.Configure(Next.Finishing).SubstateOf(Next.Active)
            .OnEntry(_ => s.HoldForFinish())
            .Permit(On.RampDownComplete, Next.Idle)
            .Refuse(On.Raise, g.Finishing)
            .Refuse(On.Lower, g.Finishing)
            .Refuse(On.SetLevel, g.Finishing)
            .Refuse(On.EaseOff, g.Finishing)
            .Refuse(On.ClearCeiling, g.Finishing)
            .Refuse(On.SetHeat, g.Finishing)
            .Refuse(On.Pause, g.Finishing)
            .Refuse(On.Extend, g.Finishing);

        return m;
    }

    /// <summary>A machine over a fresh, unconnected session: for the diagram and for tests that read the rows.</summary>
    public static StateMachine<SessionState, SessionTrigger> Blank() =>
        new Session(new SessionOptions(), TimeProvider.System, () => false, _ => null).Machine;

    /// <summary>The table as a Mermaid stateDiagram-v2 (docs/state-machine.md keeps a copy; a test compares them).</summary>
    public static string ToMermaid() => Blank().ToMermaid(SessionState.Disconnected);

    /// <summary>Every refusal the table can give: (code, kind, where, description).</summary>
    public static IEnumerable<RoutineGuard> Refusals() =>
        Blank().Rules.SelectMany(r => r.Guards).OfType<RoutineGuard>().Distinct();
}
