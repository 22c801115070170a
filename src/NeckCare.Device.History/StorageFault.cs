using Microsoft.Data.Sqlite;

namespace NeckCare.Device.History;

/// <summary>What kind of trouble a failed write was: the card is full, it is read-only, or the write failed otherwise.</summary>
public enum StorageTrouble
{
    Full,
    ReadOnly,
    Failed,
}

/// <summary>
/// Names why something could not be saved, in words for a person and as a kind the API turns into a
/// status (507 for a full card, 503 otherwise). SQLite's result codes and the kernel's errno values are
/// what tell a full disk (SQLITE_FULL, ENOSPC) from a read-only one (SQLITE_READONLY, EROFS, EACCES).
/// </summary>
public static class StorageFault
{
    private const int SqliteFull = 13;
    private const int SqliteReadOnly = 8;
    private const int SqliteCantOpen = 14;
    private const int Enospc = 28;
    private const int Erofs = 30;
    private const int Eacces = 13;

    /// <summary>The kind, or null when <paramref name="error"/> is not a storage failure at all.</summary>
    public static StorageTrouble? Kind(Exception error) => error switch
    {
        SqliteException { SqliteErrorCode: SqliteFull } => StorageTrouble.Full,
        SqliteException { SqliteErrorCode: SqliteReadOnly or SqliteCantOpen } => StorageTrouble.ReadOnly,
        SqliteException => StorageTrouble.Failed,
        UnauthorizedAccessException => StorageTrouble.ReadOnly,
        IOException io when (io.HResult & 0xFFFF) == Enospc => StorageTrouble.Full,
        IOException io when (io.HResult & 0xFFFF) is Erofs or Eacces => StorageTrouble.ReadOnly,
        IOException => StorageTrouble.Failed,
        _ => null,
    };

    /// <summary>A sentence for the status's notices and the log.</summary>
    public static string Describe(StorageTrouble kind) => kind switch
    {
        StorageTrouble.Full => "the state directory's disk is full",
        StorageTrouble.ReadOnly => "the state directory is read-only",
        _ => "a write to the state directory failed",
    };
}
