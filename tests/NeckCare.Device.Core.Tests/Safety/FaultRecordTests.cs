using NeckCare.Device.Core.Safety;

namespace NeckCare.Device.Core.Tests.Safety;

public class FaultRecordTests
{
    private static Fault F(FaultCode code) => new(code, code.ToString(), DateTimeOffset.UnixEpoch);

    [Fact]
    public void Each_code_is_recorded_once_and_the_first_of_a_code_is_kept()
    {
        var record = new FaultRecord();

        Assert.True(record.Add(F(FaultCode.MotorJam)));
        Assert.False(record.Add(new Fault(FaultCode.MotorJam, "again", DateTimeOffset.UnixEpoch.AddSeconds(1))));
        Assert.True(record.Add(F(FaultCode.LinkLost)));

        Assert.Equal(2, record.All.Count);
        Assert.Equal("MotorJam", record.All[0].Message);
    }

    [Fact]
    public void A_less_severe_fault_never_replaces_the_one_shown()
    {
        var record = new FaultRecord();
        record.Add(F(FaultCode.OverTemperature));

        record.Add(F(FaultCode.LinkLost));
        record.Add(F(FaultCode.SensorStale));

        Assert.Equal(FaultCode.OverTemperature, record.Shown?.Code);
        record.Add(F(FaultCode.HeaterStuckOn));
        Assert.Equal(FaultCode.HeaterStuckOn, record.Shown?.Code);
    }

    [Fact]
    public void Clearing_empties_the_record()
    {
        var record = new FaultRecord();
        record.Add(F(FaultCode.MotorJam));

        record.Clear();

        Assert.True(record.IsEmpty);
        Assert.Null(record.Shown);
        Assert.Throws<ArgumentNullException>(() => record.Add(null!));
    }

    [Fact]
    public void Every_fault_code_has_its_own_rank()
    {
        var ranks = Enum.GetValues<FaultCode>().Select(c => c.Rank()).ToList();

        Assert.Equal(ranks.Count, ranks.Distinct().Count());
        Assert.All(ranks, r => Assert.InRange(r, 0, ranks.Count - 1));
        Assert.False(FaultCode.MotorJam.Outranks(FaultCode.MotorJam));
    }
}
