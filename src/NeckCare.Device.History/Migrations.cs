namespace NeckCare.Device.History;

/// <summary>
/// The schema, as forward migrations: migration N takes a database at user_version N−1 to N. They run
/// at start-up in one transaction, so a database is at one version or the one before, never between.
/// Never edit a migration that has shipped; add the next one.
/// </summary>
internal static class Migrations
{
    public static IReadOnlyList<string> All { get; } =
    [
        // 1: sessions, faults with their flight recording, settings.
        """
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            started_at_ms INTEGER NOT NULL,
            ended_at_ms INTEGER NOT NULL,
            chosen_seconds INTEGER NOT NULL,
            actual_seconds INTEGER NOT NULL,
            ended TEXT NOT NULL,
            heat TEXT NOT NULL,
            max_temperature_c REAL,
            max_level INTEGER NOT NULL,
            ease_offs INTEGER NOT NULL,
            guided_release INTEGER NOT NULL,
            levels TEXT NOT NULL,
            ceilings TEXT NOT NULL
        );
        CREATE INDEX sessions_started ON sessions (started_at_ms);
        CREATE TABLE faults (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL,
            message TEXT NOT NULL,
            severity INTEGER NOT NULL,
            at_ms INTEGER NOT NULL,
            acknowledged_at_ms INTEGER,
            acknowledged_by TEXT,
            trip_c REAL NOT NULL,
            trace TEXT NOT NULL,
            UNIQUE (at_ms, code)
        );
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """,

        // 2: who started a session and who or what ended it (api, a pairing's name, mqtt, massager, timer, guard).
        """
        ALTER TABLE sessions ADD COLUMN started_by TEXT;
        ALTER TABLE sessions ADD COLUMN ended_by TEXT;
        """,
    ];

    public static int Latest => All.Count;
}
