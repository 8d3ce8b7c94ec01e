using System.CommandLine;
using Connector.Platforms.NewStore.Cli;
using Connector.Platforms.NewStore.Tests.Client;

namespace Connector.Platforms.NewStore.Tests.Cli;

/// <summary>
/// <c>newstore register</c> and <c>backfill newstore</c> run as the host runs them: parsed from a command line, with
/// the services a platform verb is handed (<c>PlatformCommandServices</c>) built over a WireMock NewStore. Output and
/// error lines and exit codes are asserted exactly; request bodies against golden files.
/// </summary>
public sealed class NewStoreCommandsTests : IAsyncDisposable
{
    private const string Integration = NewStoreStub.EventStreamPath + "/leat-connector";
    private const string Window = "leat-connector-backfill-202605010000-202605020000";
    private const string Events = "order.opened, order.created, order.cancelled, order.items_cancelled, return.processed, refund_request.issued";

    private readonly NewStoreStub newStore = new();

    public async ValueTask DisposeAsync() => await newStore.DisposeAsync();

    [Fact]
    public async Task Register_creates_the_permanent_integration_when_NewStore_does_not_have_it()
    {
        newStore.Answer("GET", Integration, NewStoreStub.Error(404, "resource_not_found", "no such integration"), NewStoreStub.Ok(NewStoreStub.Integration("leat-connector", "running")));
        newStore.Answer("POST", NewStoreStub.EventStreamPath, NewStoreStub.Empty(201));

        var run = await RunAsync("newstore register");

        AssertRun(run, 0, [
            $"Registered leat-connector: NewStore sends {Events} to {NewStoreStub.WebhookUrl}.",
            $"leat-connector: running (permanent) → {NewStoreStub.WebhookUrl}; events: order.opened",
        ], []);
        Assert.Equal(["GET", "POST", "GET"], newStore.ApiRequests.Select(request => request.Method));
        NewStoreGoldenRequest.AssertMatches("register-command-create", newStore.ApiRequests[1]);
    }

    [Fact]
    public async Task Register_updates_an_existing_integration_and_starts_it_when_it_is_stopped()
    {
        newStore.Answer(
            "GET",
            Integration,
            NewStoreStub.Ok(NewStoreStub.Integration("leat-connector", "stopped")),
            NewStoreStub.Ok(NewStoreStub.Integration("leat-connector", "stopped")),
            NewStoreStub.Ok(NewStoreStub.Integration("leat-connector", "running")));
        newStore.Answer("PATCH", Integration, NewStoreStub.Empty(200));
        newStore.Answer("POST", Integration + "/_start", NewStoreStub.Empty(204));

        var run = await RunAsync("newstore register");

        AssertRun(run, 0, [
            $"Updated leat-connector: NewStore sends {Events} to {NewStoreStub.WebhookUrl}.",
            "Started leat-connector (it was stopped).",
            $"leat-connector: running (permanent) → {NewStoreStub.WebhookUrl}; events: order.opened",
        ], []);
        Assert.Equal(["GET", "PATCH", "GET", "POST", "GET"], newStore.ApiRequests.Select(request => request.Method));
        NewStoreGoldenRequest.AssertMatches("register-command-update", newStore.ApiRequests[1]);
    }

    [Fact]
    public async Task Register_names_every_missing_key_exits_2_and_calls_nobody()
    {
        var run = await RunAsync("newstore register", new Dictionary<string, string?> { ["NewStore:WebhookUrl"] = null, ["NewStore:EventStreamApiKey"] = null, ["NewStore:ClientId"] = null });

        AssertRun(run, 2, [], [
            "Missing configuration: NewStore:ClientId, NewStore:EventStreamApiKey, NewStore:WebhookUrl (environment variables NewStore__ClientId, NewStore__EventStreamApiKey, NewStore__WebhookUrl).",
            "See 'newstore register --help'.",
        ]);
        Assert.Empty(newStore.Requests);
    }

    [Fact]
    public async Task Register_refuses_an_invalid_webhook_url_or_id_with_exit_2()
    {
        var url = await RunAsync("newstore register", new Dictionary<string, string?> { ["NewStore:WebhookUrl"] = "connector.example.com/webhooks" });
        var id = await RunAsync("newstore register --id a/b");

        AssertRun(url, 2, [], ["NewStore:WebhookUrl must be an absolute http(s) URL, got 'connector.example.com/webhooks'.", "See 'newstore register --help'."]);
        AssertRun(id, 2, [], ["--id must be 1–100 letters, digits, '.', '_' or '-', got 'a/b'.", "See 'newstore register --help'."]);
        Assert.Empty(newStore.Requests);
    }

    [Fact]
    public async Task Register_prints_NewStores_refusal_and_exits_1()
    {
        newStore.Answer("GET", Integration, NewStoreStub.Error(404, "resource_not_found", "no such integration"));
        newStore.Answer("POST", NewStoreStub.EventStreamPath, NewStoreStub.Error(422, "limit_reached", "At most 25 integrations"));

        var run = await RunAsync("newstore register");

        AssertRun(run, 1, [], ["NewStore answered 422: limit_reached: At most 25 integrations"]);
    }

    [Fact]
    public async Task Backfill_registers_a_temporary_integration_for_the_window_and_shows_its_status_until_NewStore_stops_it()
    {
        newStore.Answer(
            "GET",
            NewStoreStub.EventStreamPath + "/" + Window,
            NewStoreStub.Error(404, "resource_not_found", "no such integration"),
            NewStoreStub.Ok(NewStoreStub.Integration(Window, "running", "temporary")),
            NewStoreStub.Ok(NewStoreStub.Integration(Window, "running", "temporary")),
            NewStoreStub.Ok(NewStoreStub.Integration(Window, "stopped", "temporary")));
        newStore.Answer("POST", NewStoreStub.EventStreamPath, NewStoreStub.Empty(201));

        var run = await RunAsync("backfill newstore --since 2026-05-01 --until 2026-05-02T02:00:00+02:00 --poll-interval 00:00:00.500");

        AssertRun(run, 0, [
            $"Registered {Window}: NewStore replays {Events} from 2026-05-01T00:00:00Z to 2026-05-02T00:00:00Z to {NewStoreStub.WebhookUrl}.",
            "Watching it every 0.5 s; Ctrl+C stops watching, not the replay.",
            $"2026-05-04T10:00:00Z {Window}: running",
            $"2026-05-04T10:00:00Z {Window}: stopped",
            $"Replay finished: NewStore stopped {Window}. It still counts toward NewStore's 25 integrations; delete it in NewStore Omnichannel Manager (Tools → Event Stream) once its rejected events are checked.",
        ], []);
        Assert.Equal(["GET", "POST", "GET", "GET", "GET"], newStore.ApiRequests.Select(request => request.Method));
        NewStoreGoldenRequest.AssertMatches("backfill-command", newStore.ApiRequests[1]);
        Assert.Equal([TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500)], newStore.Clock.Delays);
    }

    [Fact]
    public async Task Backfill_watches_the_integration_of_a_window_already_registered_instead_of_registering_another()
    {
        newStore.Answer("GET", NewStoreStub.EventStreamPath + "/" + Window, NewStoreStub.Ok(NewStoreStub.Integration(Window, "stopped", "temporary")));

        var run = await RunAsync("backfill newstore --since 2026-05-01T00:00:00Z --until 2026-05-02T00:00:00Z");

        Assert.Equal(0, run.Exit);
        Assert.Equal($"{Window} is already registered; showing its progress.", run.Output[0]);
        Assert.Equal($"2026-05-04T10:00:00Z {Window}: stopped", run.Output[2]);
        Assert.DoesNotContain(newStore.ApiRequests, request => request.Method == "POST");
    }

    [Fact]
    public async Task Backfill_stops_watching_on_Ctrl_C_and_says_the_replay_goes_on()
    {
        newStore.Answer("GET", NewStoreStub.EventStreamPath + "/leat-connector-backfill-202605010000-202605041000", NewStoreStub.Ok(NewStoreStub.Integration(Window, "running", "temporary")));
        using var ctrlC = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));

        // 7 s is the harness's attempt timeout, the one delay the test clock runs in real time: the poll really waits.
        // Without --until the window ends now (the test clock's 2026-05-04T10:00Z).
        var run = await RunAsync("backfill newstore --since 2026-05-01 --poll-interval 00:00:07", cancellationToken: ctrlC.Token);

        AssertRun(run, 0, [
            "leat-connector-backfill-202605010000-202605041000 is already registered; showing its progress.",
            "Watching it every 7 s; Ctrl+C stops watching, not the replay.",
            $"2026-05-04T10:00:00Z leat-connector-backfill-202605010000-202605041000: running",
            "Stopped watching leat-connector-backfill-202605010000-202605041000; NewStore goes on replaying. Run the same command again to watch it.",
        ], []);
    }

    [Theory]
    [InlineData("backfill newstore --since 2026-05-02 --until 2026-05-01", "--until must be later than --since.")]
    [InlineData("backfill newstore --since 2026-05-01 --until 2026-05-01", "--until must be later than --since.")]
    [InlineData("backfill newstore --since 2026-06-01", "--since must be in the past.")]
    [InlineData("backfill newstore --until 2026-05-01", "Option '--since' is required.")]
    [InlineData("backfill newstore --since yesterday", "'yesterday' is not a date or time for --since (use ISO 8601, e.g. 2024-05-01 or 2024-05-01T12:00:00Z).")]
    [InlineData("backfill newstore --since 2026-05-01 --poll-interval 00:00:00", "--poll-interval must be positive.")]
    public async Task Backfill_refuses_a_bad_window_with_exit_2_and_calls_nobody(string arguments, string message)
    {
        var run = await RunAsync(arguments);

        AssertRun(run, 2, [], [message, "See 'backfill newstore --help'."]);
        Assert.Empty(newStore.Requests);
    }

    [Fact]
    public async Task Backfill_names_the_missing_keys_and_exits_2()
    {
        var run = await RunAsync("backfill newstore --since 2026-05-01", new Dictionary<string, string?> { ["NewStore:Tenant"] = null });

        AssertRun(run, 2, [], ["Missing configuration: NewStore:Tenant (environment variables NewStore__Tenant).", "See 'backfill newstore --help'."]);
    }

    private async Task<(int Exit, string[] Output, string[] Error)> RunAsync(
        string arguments, IReadOnlyDictionary<string, string?>? overrides = null, CancellationToken cancellationToken = default)
    {
        var services = newStore.CommandServices(overrides);
        var root = new RootCommand { NewStoreCommands.Verb(services), new Command("backfill") { NewStoreCommands.Backfill(services) } };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await root.Parse(arguments.Split(' ')).InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancellationToken);

        // Whatever the command printed, the event-stream api_key and the client secret are not in it.
        Assert.DoesNotContain(NewStoreStub.ApiKey, output.ToString() + error, StringComparison.Ordinal);
        Assert.DoesNotContain(NewStoreStub.ClientSecret, output.ToString() + error, StringComparison.Ordinal);
        return (exit, Lines(output), Lines(error));
    }

    private static void AssertRun((int Exit, string[] Output, string[] Error) run, int exit, string[] output, string[] error)
    {
        Assert.Equal(output, run.Output);
        Assert.Equal(error, run.Error);
        Assert.Equal(exit, run.Exit);
    }

    private static string[] Lines(StringWriter writer) => writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
}
