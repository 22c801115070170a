using Microsoft.Extensions.Options;

namespace NeckCare.Device.Host.Configuration;

/// <summary>A configured state directory must be an absolute path: a relative one would depend on the working directory.</summary>
internal sealed class StorageValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options) =>
        options.StateDirectory is { } dir && (dir.Length == 0 || !Path.IsPathFullyQualified(dir))
            ? ValidateOptionsResult.Fail($"Storage:StateDirectory must be an absolute path (was '{dir}').")
            : ValidateOptionsResult.Success;
}
