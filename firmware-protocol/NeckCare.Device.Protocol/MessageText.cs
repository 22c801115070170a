using System.Globalization;
using System.Reflection;
using System.Text;

namespace NeckCare.Device.Protocol;

/// <summary>
/// A message as "type=Hello protocolMajor=1 …": the form the test vectors use, readable by a firmware
/// engineer and trivially parsed in any language.
/// </summary>
public static class MessageText
{
    public static string Format(Frame frame)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"seq={frame.Seq} type={frame.Message.Type}");
        foreach (var p in frame.Message.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.Name != nameof(Message.Type) && p.GetIndexParameters().Length == 0 && p.DeclaringType != typeof(Message))
                     .Where(p => p.Name is not (nameof(Identify.HasHeater) or "EqualityContract")))
        {
            var name = char.ToLowerInvariant(p.Name[0]) + p.Name[1..];
            sb.Append(CultureInfo.InvariantCulture, $" {name}={p.GetValue(frame.Message)}");
        }

        return sb.ToString();
    }
}
