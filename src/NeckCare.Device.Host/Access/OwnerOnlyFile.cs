namespace NeckCare.Device.Host.Access;

/// <summary>Writes a secret so that only the service's own user can read it, replacing the old file in one step.</summary>
internal static class OwnerOnlyFile
{
    public static void Write(string path, string contents)
    {
        var temporary = path + ".new";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(contents);
        }

        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode applies only when the file is created; a leftover .new keeps its old mode.
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
