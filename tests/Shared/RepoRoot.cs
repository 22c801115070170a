namespace NeckCare.Device.Tests;

/// <summary>The repository root, found by walking up from the test binaries to the solution file.</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "NeckCare.Device.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("NeckCare.Device.sln not found above " + AppContext.BaseDirectory);
    }
}
