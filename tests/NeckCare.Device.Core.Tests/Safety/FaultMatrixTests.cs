using System.Text.RegularExpressions;
using NeckCare.Device.Core.Control;
using NeckCare.Device.Core.Safety;
using NeckCare.Device.Core.Sessions;

namespace NeckCare.Device.Core.Tests.Safety;

/// <summary>
/// Every row of docs/fault-matrix.md, run on the shipped path (controller → SerialMassager → wire
/// protocol → firmware emulator) in simulated time: the injection, the reaction within the row's time
/// with outputs off, the code shown, that it stays latched, and the acknowledge rule, including that
/// acknowledging is refused while the cause persists.
/// </summary>
public partial class FaultMatrixTests
{
    public static TheoryData<int> RowNumbers() => new(FaultMatrix.Rows.Select(r => r.Number));

    public static TheoryData<int> GpioRowNumbers() => new(FaultMatrix.Rows.Select(r => r.Number).Where(n => !FaultMatrix.NotOnGpio.ContainsKey(n)));

    [Theory]
    [MemberData(nameof(RowNumbers))]
    public void Each_row_of_the_fault_matrix_holds_on_the_shipped_path(int number) => Holds(FaultMatrix.Rows.Single(r => r.Number == number));

    /// <summary>The same rows, the same reactions and times, with the Pi driving the pins itself (GpioMassager over the simulated tree).</summary>
    [Theory]
    [MemberData(nameof(GpioRowNumbers))]
    public void Each_row_that_applies_to_a_pi_driving_its_own_pins_holds_on_the_gpio_backend(int number)
    {
        using var _ = Rig.On(RigBackend.Gpio);
        Holds(FaultMatrix.Rows.Single(r => r.Number == number));
    }

    [Fact]
    public void Every_row_left_out_on_the_gpio_backend_says_why()
    {
        Assert.All(FaultMatrix.NotOnGpio, kv =>
        {
            Assert.Contains(FaultMatrix.Rows, r => r.Number == kv.Key);
            Assert.False(string.IsNullOrWhiteSpace(kv.Value));
        });
        Assert.True(FaultMatrix.Rows.Count - FaultMatrix.NotOnGpio.Count >= 24);
    }

    private static void Holds(FaultRow row)
    {
        var rig = row.Setup();
        var reacted = row.Reacted ?? (r => r.Status.State == SessionState.Faulted);

        row.Inject(rig);
        var within = row.WithinOn(rig.Kind);
        var took = rig.RunUntilFine(reacted, within + Rig.TickPeriod);

        Assert.True(took <= within, $"row {row}: reacted after {took}, allowed {within}");
        if (row.Code is not { } code)
        {
            row.Verify?.Invoke(rig);
            return;
        }

        Assert.True(code == rig.Status.Fault?.Code, $"row {row}: {rig.Status.Fault?.Code}: {rig.Status.Fault?.Message}; others {string.Join(", ", rig.Status.Fault?.Others.Select(o => o.Code) ?? [])}");
        Assert.False(string.IsNullOrWhiteSpace(rig.Status.Fault?.Message));
        rig.AssertOutputsOff();
        row.Verify?.Invoke(rig);
        Assert.Equal("fault-latched", rig.Refuse(new StartSession(10, Core.Heat.HeatLevel.Off)).Code);

        // A person needs a moment to read the message; time alone clears nothing.
        rig.Run(TimeSpan.FromSeconds(1));
        Assert.Equal(SessionState.Faulted, rig.Status.State);
        rig.AssertOutputsOff();

        if (row.Ack == AckRule.AfterClearing)
        {
            Assert.Equal("cause-present", rig.Refuse(new AcknowledgeFault()).Code);
            Assert.Equal(SessionState.Faulted, rig.Status.State);
            row.ClearCause!(rig);
        }

        rig.Accept(new AcknowledgeFault());
        Assert.Equal(SessionState.Idle, rig.Status.State);
        Assert.Null(rig.Status.Fault);
        Assert.Equal(0, rig.Status.Intensity); // nothing resumes
        rig.AssertOutputsOff();
    }

    [Fact]
    public void The_rows_of_the_doc_and_the_rows_of_the_data_are_the_same_set()
    {
        var doc = File.ReadAllText(Path.Combine(RepoRoot.Path, "docs", "fault-matrix.md"));
        var documented = DocRow().Matches(doc)
            .Select(m => (Number: int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Code: FirstCode().Match(m.Groups[2].Value) is { Success: true } c ? c.Value : "—"))
            .ToList();
        var data = FaultMatrix.Rows.Select(r => (r.Number, Code: r.Code is { } c ? $"`{c}`" : "—")).ToList();

        Assert.Equal(data.OrderBy(r => r.Number), documented.OrderBy(r => r.Number));
    }

    [GeneratedRegex(@"`\w+`")]
    private static partial Regex FirstCode();

    /// <summary>A table row: "| n | … | … | … | code | …", the code in the fifth column.</summary>
    [GeneratedRegex(@"^\| (\d+) \|[^|]*\|[^|]*\|[^|]*\|([^|]*)\|", RegexOptions.Multiline)]
    private static partial Regex DocRow();
}
