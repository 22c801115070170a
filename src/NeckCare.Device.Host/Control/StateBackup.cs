using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace NeckCare.Device.Host.Control;

/// <summary>
/// The whole state directory (credential, pairings, history, personal limits, tuned gains, MQTT id) in one
/// archive and back. The archive opens with a manifest naming every file with its SHA-256; a restore
/// checks all of it (format, names, sums, that the history is a sound SQLite file) before it writes
/// anything, so a damaged or foreign archive is refused with the reason and nothing changes.
/// </summary>
internal static class StateBackup
{
    public const string Manifest = "neckcare-backup.json";
    private const string Format = "neckcare-state/1";
    private const string History = "history.db";

    /// <summary>Null when written; otherwise why not (nothing was written).</summary>
    public static string? Create(string stateDirectory, string file)
    {
        if (Locked(Path.Combine(stateDirectory, History)))
        {
            return "the service is running (it holds its history open): stop it first (sudo systemctl stop neckcare-device), then back up.";
        }

        var work = Directory.CreateTempSubdirectory("neckcare-backup-").FullName;
        try
        {
            var names = new List<string>();
            foreach (var path in Directory.EnumerateFiles(stateDirectory).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(path);
                if (name.EndsWith("-wal", StringComparison.Ordinal) || name.EndsWith("-shm", StringComparison.Ordinal) || name.StartsWith('.'))
                {
                    continue; // the history's journal is folded into the copy below; probes are nobody's state
                }

                if (name == History)
                {
                    // A consistent copy even while the service writes: SQLite copies it inside one read transaction.
                    using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
                    db.Open();
                    using var copy = db.CreateCommand();
                    copy.CommandText = "VACUUM INTO $to";
                    copy.Parameters.AddWithValue("$to", Path.Combine(work, name));
                    copy.ExecuteNonQuery();
                }
                else
                {
                    File.Copy(path, Path.Combine(work, name));
                }

                names.Add(name);
            }

            var manifest = new MemoryStream();
            using (var json = new Utf8JsonWriter(manifest, new JsonWriterOptions { Indented = true }))
            {
                json.WriteStartObject();
                json.WriteString("format", Format);
                json.WriteStartObject("files");
                foreach (var name in names)
                {
                    json.WriteString(name, Sum(File.ReadAllBytes(Path.Combine(work, name))));
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            var partial = file + ".partial";
            using (var output = File.Create(partial))
            using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
            using (var tar = new TarWriter(gzip))
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, Manifest) { DataStream = new MemoryStream(manifest.ToArray()) });
                foreach (var name in names)
                {
                    tar.WriteEntry(Path.Combine(work, name), name);
                }
            }

            File.Move(partial, file, overwrite: true);
            return null;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Null when restored; otherwise why the archive was refused (nothing was changed).</summary>
    public static string? Restore(string file, string stateDirectory)
    {
        Dictionary<string, byte[]> files;
        try
        {
            files = Read(file);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or FormatException or JsonException or EndOfStreamException)
        {
            return $"{file} is not a NeckCare.Device backup, or it is damaged ({ex.Message}).";
        }

        if (!files.Remove(Manifest, out var manifestBytes))
        {
            return $"{file} is not a NeckCare.Device backup: it has no {Manifest}.";
        }

        if (Sums(manifestBytes) is not { } sums)
        {
            return $"{file} is damaged, or not a NeckCare.Device backup this version can restore: its {Manifest} cannot be read.";
        }

        if (sums.Keys.Order(StringComparer.Ordinal).SequenceEqual(files.Keys.Order(StringComparer.Ordinal)) is false)
        {
            return $"{file} is damaged: its files are not the ones its manifest lists.";
        }

        if (files.FirstOrDefault(f => Sum(f.Value) != sums[f.Key]) is { Key: { } bad })
        {
            return $"{file} is damaged: {bad} does not match its checksum.";
        }

        if (files.ContainsKey(History) && Locked(Path.Combine(stateDirectory, History)))
        {
            return "the service is running (its history is open): stop it first (sudo systemctl stop neckcare-device), then restore.";
        }

        Directory.CreateDirectory(stateDirectory);
        foreach (var stale in new[] { History + "-wal", History + "-shm" })
        {
            File.Delete(Path.Combine(stateDirectory, stale));
        }

        foreach (var (name, bytes) in files)
        {
            // Each file whole or not at all, owner-only like everything the service keeps.
            var target = Path.Combine(stateDirectory, name);
            var partial = target + ".restoring";
            File.WriteAllBytes(partial, bytes);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(partial, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.Move(partial, target, overwrite: true);
        }

        return null;
    }

    /// <summary>The manifest's file names and checksums; null when it is damaged or of another format.</summary>
    private static Dictionary<string, string?>? Sums(byte[] manifestBytes)
    {
        try
        {
            using var manifest = JsonDocument.Parse(manifestBytes);
            var root = manifest.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("format", out var format) && format.ValueKind == JsonValueKind.String && format.GetString() == Format
                && root.TryGetProperty("files", out var listed) && listed.ValueKind == JsonValueKind.Object
                && listed.EnumerateObject().All(p => p.Value.ValueKind == JsonValueKind.String)
                ? listed.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString())
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Dictionary<string, byte[]> Read(string file)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var packed = File.ReadAllBytes(file);
        var unpacked = new MemoryStream();
        using (var gzip = new GZipStream(new MemoryStream(packed), CompressionMode.Decompress))
        {
            gzip.CopyTo(unpacked);
        }

        // GZipStream does not check the trailer; a flipped bit in a tar header field would pass unnoticed.
        if (packed.Length < 18 || System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(packed.AsSpan(packed.Length - 8)) != Crc32(unpacked.GetBuffer().AsSpan(0, (int)unpacked.Length))
            || System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(packed.AsSpan(packed.Length - 4)) != (uint)unpacked.Length)
        {
            throw new InvalidDataException("its gzip checksum does not match");
        }

        unpacked.Position = 0;
        using var tar = new TarReader(unpacked);
        while (tar.GetNextEntry() is { } entry)
        {
            // Only plain files with plain names: nothing may land outside the state directory.
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                || entry.Name.Contains('/', StringComparison.Ordinal) || entry.Name is "." or ".." || entry.Name.Length == 0)
            {
                throw new InvalidDataException($"it holds '{entry.Name}', which is not a state file");
            }

            using var data = new MemoryStream();
            entry.DataStream?.CopyTo(data);
            files[entry.Name] = data.ToArray();
        }

        return files;
    }

    /// <summary>Whether another process (the service) holds the history: a busy file is given 1 s (0 would wait forever).</summary>
    private static bool Locked(string history)
    {
        if (!File.Exists(history))
        {
            return false;
        }

        try
        {
            using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = history, Pooling = false, DefaultTimeout = 1 }.ToString());
            db.Open();
            using var take = db.CreateCommand();
            take.CommandText = "BEGIN EXCLUSIVE; ROLLBACK;";
            take.ExecuteNonQuery();
            return false;
        }
        catch (SqliteException)
        {
            return true;
        }
    }

    /// <summary>The gzip trailer's CRC-32 (IEEE, reflected), as RFC 1952 defines it.</summary>
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    private static string Sum(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
