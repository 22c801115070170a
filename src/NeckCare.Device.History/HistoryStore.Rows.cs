using Microsoft.Data.Sqlite;
using NeckCare.Device.Core.Heat;

namespace NeckCare.Device.History;

/// <summary>Records to rows and back: the one place that knows the tables' columns and their order.</summary>
public sealed partial class HistoryStore
{
    private static void Bind(SqliteCommand c, SessionRecord s)
    {
        c.Parameters.AddWithValue("$started", s.StartedAt.ToUnixTimeMilliseconds());
        c.Parameters.AddWithValue("$ended_at", s.EndedAt.ToUnixTimeMilliseconds());
        c.Parameters.AddWithValue("$chosen", s.ChosenSeconds);
        c.Parameters.AddWithValue("$actual", s.ActualSeconds);
        c.Parameters.AddWithValue("$ended", s.Ended.ToString());
        c.Parameters.AddWithValue("$heat", s.Heat.ToString());
        c.Parameters.AddWithValue("$max_c", (object?)s.MaxTemperatureC ?? DBNull.Value);
        c.Parameters.AddWithValue("$max_level", s.MaxLevel);
        c.Parameters.AddWithValue("$ease_offs", s.EaseOffs);
        c.Parameters.AddWithValue("$guided", s.GuidedRelease ? 1 : 0);
        c.Parameters.AddWithValue("$levels", LevelsJson.Write(s.Levels));
        c.Parameters.AddWithValue("$ceilings", LevelsJson.Write(s.Ceilings));
        c.Parameters.AddWithValue("$started_by", (object?)s.StartedBy ?? DBNull.Value);
        c.Parameters.AddWithValue("$ended_by", (object?)s.EndedBy ?? DBNull.Value);
    }

    private static SessionRecord ToSession(object?[] r) => new(
        (long)r[0]!,
        DateTimeOffset.FromUnixTimeMilliseconds((long)r[1]!),
        DateTimeOffset.FromUnixTimeMilliseconds((long)r[2]!),
        (int)(long)r[3]!,
        (int)(long)r[4]!,
        Enum.Parse<SessionEnd>((string)r[5]!),
        Enum.Parse<HeatLevel>((string)r[6]!),
        r[7] as double?,
        (int)(long)r[8]!,
        (int)(long)r[9]!,
        (long)r[10]! != 0,
        LevelsJson.Read((string)r[11]!),
        LevelsJson.Read((string)r[12]!),
        r[13] as string,
        r[14] as string);

    private static FaultHistoryRecord ToFault(object?[] r) => new(
        (long)r[0]!,
        (string)r[1]!,
        (string)r[2]!,
        (int)(long)r[3]!,
        DateTimeOffset.FromUnixTimeMilliseconds((long)r[4]!),
        r[5] is long ack ? DateTimeOffset.FromUnixTimeMilliseconds(ack) : null,
        r[6] as string,
        (double)r[7]!,
        TraceJson.Read((string)r[8]!));
}
