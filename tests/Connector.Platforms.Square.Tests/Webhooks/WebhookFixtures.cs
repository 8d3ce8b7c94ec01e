using System.Text;

namespace Connector.Platforms.Square.Tests.Webhooks;

/// <summary>The Square webhook examples and signature vectors copied into <c>Fixtures/webhooks</c>.</summary>
internal static class WebhookFixtures
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "webhooks", name);

    public static string Text(string name) => File.ReadAllText(Path(name), Encoding.UTF8);

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path(name));
}
