using System.CommandLine;
using Connector.Core.Platforms;
using Connector.Jobs.Cli;
using Connector.Platforms.CommerceLayer.Client;
using Connector.Platforms.CommerceLayer.Jobs;
using Connector.Platforms.CommerceLayer.Sync;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Platforms.CommerceLayer.Cli;

/// <summary>
/// <c>commercelayer register</c> and <c>backfill commercelayer</c>. Exit codes: 0 done, 1 Commerce Layer refused or
/// failed, 2 bad usage or missing configuration.
/// </summary>
public static class CommerceLayerCommands
{
    /// <summary>The topics the connector subscribes to. Every one requests the order's sync, which reads the order as it is.</summary>
    public static readonly IReadOnlyList<string> Topics =
    [
        "orders.place", "orders.approve", "orders.cancel", "orders.refund", "orders.pay", "orders.stop_editing",
        "returns.request", "returns.approve", "returns.ship", "returns.receive", "returns.reject", "refunds.succeeded",
    ];

    /// <summary>What a delivery includes; the job fetches the order anyway, so only the order linkage of returns and refunds matters.</summary>
    public static IReadOnlyList<string> IncludesFor(string topic) => topic.StartsWith("orders.", StringComparison.Ordinal) ? [] : ["order"];

    private static bool IsRefusal(Exception e) => e is CommerceLayerApiException;

    /// <summary><c>commercelayer</c> with <c>register</c> under it.</summary>
    public static Command Verb(PlatformCommandServices services) =>
        new("commercelayer", "Commerce Layer webhooks: how Commerce Layer tells the connector about orders, returns and refunds.") { Register(services) };

    /// <summary>
    /// <c>register</c>: creates a webhook to <c>CommerceLayer:WebhookUrl</c> for every handled topic that has none yet
    /// (existing ones are kept, so running it again is safe), prints them all, and prints once the shared secrets of
    /// the webhooks it created — the value for <c>CommerceLayer:WebhookSharedSecret</c>. The secrets go to the terminal
    /// only, never to a log.
    /// </summary>
    public static Command Register(PlatformCommandServices services)
    {
        var register = new Command("register", "Create the connector's webhooks in Commerce Layer (the missing ones) and print them.");
        register.Action = new VerbAction(IsRefusal, async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            string? url = null;
            await using var provider = services((s, configuration) =>
            {
                url = configuration["CommerceLayer:WebhookUrl"];
                s.AddCommerceLayerClient(configuration);
            });
            if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out _))
            {
                throw new VerbUsageException("Set CommerceLayer:WebhookUrl to the public URL of the connector's POST /webhooks/commercelayer (and CommerceLayer:ClientId, ClientSecret, OrganizationSlug).");
            }

            var client = provider.GetRequiredService<ICommerceLayerClient>();
            var existing = (await client.ListWebhooksAsync(cancellationToken)).Where(w => w.CallbackUrl == url).ToList();
            var secrets = new List<string>();
            foreach (var topic in Topics)
            {
                if (existing.FirstOrDefault(w => w.Topic == topic) is { } kept)
                {
                    await output.WriteLineAsync($"kept     {kept.Id,-12} {topic,-22} → {url}{(kept.CircuitState == "open" ? "  (circuit OPEN: deliveries stopped; reset it in Commerce Layer)" : "")}");
                    continue;
                }

                var created = await client.CreateWebhookAsync(new CommerceLayerWebhookCreate($"leat-connector {topic}", topic, url, IncludesFor(topic)), cancellationToken);
                if (!string.IsNullOrEmpty(created.SharedSecret))
                {
                    secrets.Add(created.SharedSecret);
                }

                await output.WriteLineAsync($"created  {created.Id,-12} {topic,-22} → {url}");
            }

            await output.WriteLineAsync(secrets.Count == 0
                ? "No webhook was created, so no new shared secret: keep CommerceLayer:WebhookSharedSecret as it is."
                : $"Set CommerceLayer:WebhookSharedSecret to the following (add it to the secrets already there, if any webhook was kept):\n{string.Join(",", secrets)}");
            return VerbAction.Done;
        });
        return register;
    }

    /// <summary><c>backfill commercelayer --since &lt;date&gt; [--until &lt;date&gt;]</c>: a durable job that requests the sync of every order and return updated in the window.</summary>
    public static Command Backfill(PlatformCommandServices services)
    {
        var since = new Option<DateTimeOffset>("--since") { Description = "Start of the window (ISO 8601 date or time, UTC unless it says otherwise).", Required = true };
        var until = new Option<DateTimeOffset?>("--until") { Description = "End of the window (default: now)." };
        var command = new Command("commercelayer", "Queue every Commerce Layer order and return updated in the window for sync.") { since, until };
        command.Action = new VerbAction(async (parse, _) =>
        {
            var from = parse.GetValue(since);
            var to = parse.GetValue(until);
            if (to is { } end && end <= from)
            {
                throw new VerbUsageException("--until must be later than --since.");
            }

            await using var provider = services((s, _) => s.AddJob<CommerceLayerBackfillJob>(CommerceLayerJobKinds.Backfill, CommerceLayerJobKinds.Queue));
            var jobId = provider.GetRequiredService<IBackgroundJobClientV2>().Create(
                Job.FromExpression<CommerceLayerBackfillJob>(j => j.RunAsync(from, to, CancellationToken.None)), new EnqueuedState(CommerceLayerJobKinds.Queue), null);
            await parse.InvocationConfiguration.Output.WriteLineAsync($"Backfill queued as job {jobId}; watch it in the dashboard (/hangfire/jobs/details/{jobId}).");
            return VerbAction.Done;
        });
        return command;
    }
}
