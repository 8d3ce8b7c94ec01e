using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;
using Connector.Core.Platforms;
using Connector.Jobs.Cli;
using Connector.Platforms.NewStore.Client;
using Connector.Platforms.NewStore.Mapping;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Connector.Platforms.NewStore.Cli;

/// <summary>
/// <c>newstore register</c> and <c>backfill newstore</c>: the connector's event-stream integrations with NewStore.
/// Both only talk to NewStore (no database, no jobs): events arrive at our webhook and go through the usual intake.
/// Exit codes: 0 done, 1 NewStore refused or failed, 2 bad usage or missing configuration.
/// </summary>
public static partial class NewStoreCommands
{
    /// <summary>NewStore saying no (exit code 1, its message printed); its messages carry no secret.</summary>
    private static bool IsRefusal(Exception e) => e is NewStoreApiException;

    /// <summary>The permanent integration's id.</summary>
    public const string PermanentId = "leat-connector";

    /// <summary>The events the connector handles: the event filter of every integration it registers.</summary>
    public static readonly IReadOnlyList<string> HandledEvents = NewStoreEventNames.Handled;

    /// <summary><c>newstore</c> with <see cref="Register"/> under it: the platform's own top-level verb.</summary>
    public static Command Verb(PlatformCommandServices services) =>
        new("newstore", "NewStore's event stream: how NewStore sends orders and returns to the connector.") { Register(services) };

    /// <summary>
    /// <c>register [--id leat-connector]</c>: creates the permanent integration (POST) or, when it exists, updates its
    /// callback and event filter (PATCH); starts it when it is stopped; prints its status. Run it again after changing
    /// <c>NewStore:WebhookUrl</c> or <c>NewStore:EventStreamApiKey</c>.
    /// </summary>
    public static Command Register(PlatformCommandServices services)
    {
        var id = new Option<string>("--id") { Description = "The integration's id in NewStore.", DefaultValueFactory = _ => PermanentId };
        var register = new Command("register", "Register the connector's webhook with NewStore's event stream (or update it) and start it.") { id };
        register.Action = new VerbAction(IsRefusal, async (parse, cancellationToken) =>
        {
            var integrationId = CheckId(parse.GetValue(id)!);
            var output = parse.InvocationConfiguration.Output;
            await using var provider = Build(services, out var settings);
            var stream = provider.GetRequiredService<INewStoreEventStream>();

            var callback = new NewStoreCallbackParameters { CallbackUrl = settings.WebhookUrl, ApiKey = settings.EventStreamApiKey };
            var filter = new NewStoreFilterConditions { EventFilter = HandledEvents };
            if (await stream.GetAsync(integrationId, cancellationToken) is null)
            {
                await stream.RegisterAsync(
                    new NewStoreIntegration { Id = integrationId, IntegrationType = NewStoreIntegration.Permanent, CallbackParameters = callback, FilterConditions = filter },
                    cancellationToken);
                await output.WriteLineAsync($"Registered {integrationId}: NewStore sends {string.Join(", ", HandledEvents)} to {settings.WebhookUrl}.");
            }
            else
            {
                await stream.UpdateAsync(integrationId, new NewStoreIntegrationUpdate { CallbackParameters = callback, FilterConditions = filter }, cancellationToken);
                await output.WriteLineAsync($"Updated {integrationId}: NewStore sends {string.Join(", ", HandledEvents)} to {settings.WebhookUrl}.");
            }

            var current = await stream.GetAsync(integrationId, cancellationToken)
                ?? throw new NewStoreApiException(null, null, $"{integrationId} was written but NewStore does not show it.", isTransient: true);
            if (current.Status != NewStoreIntegration.Running)
            {
                await stream.StartAsync(integrationId, cancellationToken);
                await output.WriteLineAsync($"Started {integrationId} (it was {current.Status ?? "without a status"}).");
                current = await stream.GetAsync(integrationId, cancellationToken)
                    ?? throw new NewStoreApiException(null, null, $"{integrationId} was started but NewStore does not show it.", isTransient: true);
            }

            await output.WriteLineAsync(Describe(current));
            return VerbAction.Done;
        });
        return register;
    }

    /// <summary>
    /// <c>backfill newstore --since &lt;date&gt; [--until &lt;date&gt;]</c>: registers a temporary integration over the
    /// window (id <c>leat-connector-backfill-&lt;since&gt;-&lt;until&gt;</c>, minutes, UTC), so NewStore replays the window's
    /// events to our webhook, then prints its status whenever it changes until NewStore stops it or Ctrl+C. Run
    /// again with the same window, it watches the integration already there instead of registering another.
    /// </summary>
    public static Command Backfill(PlatformCommandServices services)
    {
        var since = new Option<DateTimeOffset>("--since") { Description = "Start of the window (ISO 8601 date or time, UTC unless it says otherwise).", Required = true, CustomParser = ParseUtc };
        var until = new Option<DateTimeOffset?>("--until") { Description = "End of the window (default: now).", CustomParser = result => ParseUtc(result) };
        var interval = new Option<TimeSpan>("--poll-interval") { Description = "How often to ask NewStore for the replay's status.", DefaultValueFactory = _ => TimeSpan.FromSeconds(15) };
        var newstore = new Command("newstore", "Have NewStore replay the window's order and return events to the connector's webhook.") { since, until, interval };
        newstore.Action = new VerbAction(IsRefusal, async (parse, cancellationToken) =>
        {
            var every = parse.GetValue(interval);
            if (every <= TimeSpan.Zero)
            {
                throw new VerbUsageException("--poll-interval must be positive.");
            }

            var output = parse.InvocationConfiguration.Output;
            await using var provider = Build(services, out var settings);
            var time = provider.GetRequiredService<TimeProvider>();
            var now = time.GetUtcNow();
            var from = parse.GetValue(since).ToUniversalTime();
            var to = (parse.GetValue(until) ?? now).ToUniversalTime();
            if (from >= now)
            {
                throw new VerbUsageException("--since must be in the past.");
            }

            if (to <= from)
            {
                throw new VerbUsageException("--until must be later than --since.");
            }

            var id = BackfillId(from, to);
            var stream = provider.GetRequiredService<INewStoreEventStream>();
            if (await stream.GetAsync(id, cancellationToken) is null)
            {
                await stream.RegisterAsync(
                    new NewStoreIntegration
                    {
                        Id = id,
                        IntegrationType = NewStoreIntegration.Temporary,
                        StartsAt = from,
                        EndsAt = to,
                        CallbackParameters = new NewStoreCallbackParameters { CallbackUrl = settings.WebhookUrl, ApiKey = settings.EventStreamApiKey },
                        FilterConditions = new NewStoreFilterConditions { EventFilter = HandledEvents },
                    },
                    cancellationToken);
                await output.WriteLineAsync($"Registered {id}: NewStore replays {string.Join(", ", HandledEvents)} from {Utc(from)} to {Utc(to)} to {settings.WebhookUrl}.");
            }
            else
            {
                await output.WriteLineAsync($"{id} is already registered; showing its progress.");
            }

            await output.WriteLineAsync($"Watching it every {every.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s; Ctrl+C stops watching, not the replay.");
            string? last = null;
            try
            {
                while (true)
                {
                    var current = await stream.GetAsync(id, cancellationToken);
                    if (current is null)
                    {
                        await parse.InvocationConfiguration.Error.WriteLineAsync($"{id} no longer exists in NewStore (deleted?).");
                        return VerbAction.RefusedOrNotFound;
                    }

                    var status = current.Status ?? "(no status)";
                    if (status != last)
                    {
                        await output.WriteLineAsync($"{Utc(time.GetUtcNow())} {id}: {status}");
                        last = status;
                    }

                    if (current.Status == NewStoreIntegration.Stopped)
                    {
                        await output.WriteLineAsync(
                            $"Replay finished: NewStore stopped {id}. It still counts toward NewStore's 25 integrations; delete it in NewStore Omnichannel Manager (Tools → Event Stream) once its rejected events are checked.");
                        return VerbAction.Done;
                    }

                    await Task.Delay(every, time, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await output.WriteLineAsync($"Stopped watching {id}; NewStore goes on replaying. Run the same command again to watch it.");
                return VerbAction.Done;
            }
        });
        return newstore;
    }

    /// <summary>The temporary integration's id for a window: one per window, so a re-run finds it.</summary>
    public static string BackfillId(DateTimeOffset since, DateTimeOffset until) =>
        $"{PermanentId}-backfill-{since.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture)}-{until.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture)}";

    /// <summary>
    /// The command's services with the NewStore client, after checking the configuration it needs: missing keys are
    /// named all at once, invalid ones with the validator's message (exit code 2 either way).
    /// </summary>
    private static ServiceProvider Build(PlatformCommandServices services, out NewStoreOptions settings)
    {
        NewStoreOptions? bound = null;
        var provider = services((s, configuration) =>
        {
            bound = configuration.GetSection(NewStoreOptions.SectionName).Get<NewStoreOptions>() ?? new NewStoreOptions();
            s.AddNewStoreClient(configuration);
        });
        try
        {
            var missing = new List<string>();
            void Need(string? value, string key)
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    missing.Add(key);
                }
            }

            Need(bound!.Tenant, "Tenant");
            Need(bound.ClientId, "ClientId");
            Need(bound.ClientSecret, "ClientSecret");
            Need(bound.EventStreamApiKey, "EventStreamApiKey");
            Need(bound.WebhookUrl, "WebhookUrl");
            if (missing.Count > 0)
            {
                throw new VerbUsageException(
                    $"Missing configuration: {string.Join(", ", missing.Select(key => "NewStore:" + key))} (environment variables {string.Join(", ", missing.Select(key => "NewStore__" + key))}).");
            }

            try
            {
                settings = provider.GetRequiredService<IOptions<NewStoreOptions>>().Value;
                _ = provider.GetRequiredService<IOptions<NewStoreClientOptions>>().Value;
            }
            catch (OptionsValidationException e)
            {
                throw new VerbUsageException(string.Join(Environment.NewLine, e.Failures));
            }

            return provider;
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }

    private static string CheckId(string id) =>
        IntegrationId().IsMatch(id) ? id : throw new VerbUsageException($"--id must be 1–100 letters, digits, '.', '_' or '-', got '{id}'.");

    /// <summary>What is printed of an integration: never its api_key.</summary>
    private static string Describe(NewStoreIntegration integration) =>
        $"{integration.Id}: {integration.Status ?? "(no status)"} ({integration.IntegrationType ?? "?"}) → {integration.CallbackParameters?.CallbackUrl ?? "(no callback)"}; events: {(integration.FilterConditions?.EventFilter is { Count: > 0 } events ? string.Join(", ", events) : "all")}";

    private static string Utc(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>An ISO 8601 date or time; one without an offset is UTC, not the machine's local time.</summary>
    private static DateTimeOffset ParseUtc(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return value;
        }

        result.AddError($"'{text}' is not a date or time for {(result.Parent as OptionResult)?.Option.Name ?? "the option"} (use ISO 8601, e.g. 2024-05-01 or 2024-05-01T12:00:00Z).");
        return default;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex IntegrationId();
}
