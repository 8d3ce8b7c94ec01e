using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Sandbox.CommerceLayer;

/// <summary>
/// A loopback fake of the Commerce Layer parts the connector uses: client-credentials tokens that expire, a 30/min
/// token rate limit, JSON:API reads with <c>include</c>, <c>filter[q][updated_at_*]</c>, <c>sort</c> and paging (max 25),
/// webhooks with a shared secret each, and a sender that signs deliveries (Base64 HMAC-SHA256 of the raw body).
/// It shares no types with the product.
/// </summary>
public sealed class CommerceLayerSimulator : IAsyncDisposable
{
    private const string JsonApi = "application/vnd.api+json";
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Type, string Id), CommerceLayerResource> _resources = [];
    private readonly Dictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly Queue<DateTimeOffset> _tokenRequests = new();
    private readonly Queue<DateTimeOffset> _reads = new();
    private readonly Queue<DateTimeOffset> _writes = new();
    private readonly List<(string Topic, string Type, string Id)> _pending = [];
    private readonly List<CommerceLayerDelivery> _deliveries = [];
    private readonly HttpClient _http = new();
    private readonly Random _random;
    private int _sequence;
    private int _apiRequests;

    private CommerceLayerSimulator(WebApplication app, CommerceLayerSimulatorOptions options)
    {
        _app = app;
        Options = options;
        _random = new Random(options.Seed);
    }

    public CommerceLayerSimulatorOptions Options { get; }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Access tokens issued by <c>/oauth/token</c>.</summary>
    public int TokensIssued { get; private set; }

    /// <summary>Calls made to <c>/api</c>, answered or not.</summary>
    public int ApiRequests => Volatile.Read(ref _apiRequests);

    /// <summary>API calls answered 401 because their token was missing, unknown or expired.</summary>
    public int Unauthorized { get; private set; }

    /// <summary>Ends every token issued so far, as if they expired earlier than their holders think (clock skew, revocation).</summary>
    public void ExpireTokens()
    {
        lock (_gate)
        {
            foreach (var token in _tokens.Keys.ToList())
            {
                _tokens[token] = DateTimeOffset.MinValue;
            }
        }
    }

    /// <summary>Every delivery attempt made, in order.</summary>
    public IReadOnlyList<CommerceLayerDelivery> Deliveries
    {
        get
        {
            lock (_gate)
            {
                return _deliveries.ToArray();
            }
        }
    }

    public static async Task<CommerceLayerSimulator> StartAsync(CommerceLayerSimulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        app.UseRouting();
        var self = new CommerceLayerSimulator(app, options);
        app.MapPost("/oauth/token", self.TokenAsync);
        app.MapGet("/api/{type}", context => self.ApiAsync(context, write: false));
        app.MapGet("/api/{type}/{id}", context => self.ApiAsync(context, write: false));
        app.MapPost("/api/webhooks", context => self.ApiAsync(context, write: true));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        self.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return self;
    }

    /// <summary>Stores (or replaces) a resource and, when <paramref name="topic"/> is given, owes its webhook deliveries.</summary>
    internal void Put(CommerceLayerResource resource, string? topic)
    {
        lock (_gate)
        {
            resource.UpdatedAt = Now();
            resource.Attributes["updated_at"] = Stamp(resource.UpdatedAt);
            resource.Attributes["created_at"] ??= Stamp(resource.UpdatedAt);
            _resources[(resource.Type, resource.Id)] = resource;
            if (topic is not null)
            {
                _pending.Add((topic, resource.Type, resource.Id));
            }
        }
    }

    internal CommerceLayerResource? Find(string type, string id)
    {
        lock (_gate)
        {
            return _resources.GetValueOrDefault((type, id));
        }
    }

    internal string NextId(string prefix)
    {
        lock (_gate)
        {
            return prefix + (++_sequence).ToString("D6", CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Registers a webhook as <c>POST /api/webhooks</c> would; returns its id and generated shared secret.</summary>
    public (string Id, string SharedSecret) RegisterWebhook(string topic, string callbackUrl, string? includeResources = null, string? sharedSecret = null)
    {
        var hook = new CommerceLayerResource("webhooks", NextId("Wh"));
        var secret = sharedSecret ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        hook.Attributes["topic"] = topic;
        hook.Attributes["callback_url"] = callbackUrl;
        hook.Attributes["include_resources"] = includeResources is null ? new JsonArray() : new JsonArray([.. includeResources.Split(',').Select(s => (JsonNode?)s)]);
        hook.Attributes["shared_secret"] = secret;
        Put(hook, null);
        return (hook.Id, secret);
    }

    /// <summary>The resource document (<c>data</c> + <c>included</c>) as a GET with <paramref name="include"/> would return it, or null.</summary>
    public string? Document(string type, string id, string? include = null)
    {
        lock (_gate)
        {
            return _resources.TryGetValue((type, id), out var r) ? Render([r], include, single: true, meta: null).ToJsonString() : null;
        }
    }

    /// <summary>Delivers every owed webhook (shuffled, some twice, some held to a later flush when configured).</summary>
    public async Task<IReadOnlyList<CommerceLayerDelivery>> FlushAsync(CancellationToken cancellationToken = default)
    {
        List<(string Url, string Topic, string Secret, string Body)> due = [];
        lock (_gate)
        {
            var hooks = _resources.Values.Where(r => r.Type == "webhooks").ToList();
            var keep = new List<(string, string, string)>();
            foreach (var item in _pending)
            {
                if (Options.LateRate > 0 && _random.NextDouble() < Options.LateRate)
                {
                    keep.Add(item);
                    continue;
                }

                foreach (var hook in hooks.Where(h => (string?)h.Attributes["topic"] == item.Topic))
                {
                    var include = string.Join(',', hook.Attributes["include_resources"]!.AsArray().Select(n => (string?)n));
                    var body = Render([_resources[(item.Type, item.Id)]], include, single: true, meta: null).ToJsonString();
                    var entry = ((string)hook.Attributes["callback_url"]!, item.Topic, (string)hook.Attributes["shared_secret"]!, body);
                    due.Add(entry);
                    if (Options.DuplicateRate > 0 && _random.NextDouble() < Options.DuplicateRate)
                    {
                        due.Add(entry);
                    }
                }
            }

            _pending.Clear();
            _pending.AddRange(keep);
            if (Options.ShuffleDeliveries)
            {
                var shuffled = due.ToArray();
                _random.Shuffle(shuffled);
                due = [.. shuffled];
            }
        }

        var made = new List<CommerceLayerDelivery>();
        foreach (var (url, topic, secret, body) in due)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, JsonApi) };
            var signature = Sign(secret, body);
            request.Headers.TryAddWithoutValidation("X-CommerceLayer-Signature", signature);
            request.Headers.TryAddWithoutValidation("X-CommerceLayer-Topic", topic);
            int status;
            try
            {
                using var response = await _http.SendAsync(request, cancellationToken);
                status = (int)response.StatusCode;
            }
            catch (HttpRequestException)
            {
                status = 0;
            }

            made.Add(new CommerceLayerDelivery(url, topic, signature, body, status));
        }

        lock (_gate)
        {
            _deliveries.AddRange(made);
        }

        return made;
    }

    /// <summary>Base64 HMAC-SHA256 of the raw body with the webhook's shared secret.</summary>
    public static string Sign(string secret, string body) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    internal DateTimeOffset Now() => Options.TimeProvider.GetUtcNow();

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static bool Limited(Queue<DateTimeOffset> window, int? perMinute, DateTimeOffset now)
    {
        while (window.Count > 0 && now - window.Peek() >= TimeSpan.FromMinutes(1))
        {
            window.Dequeue();
        }

        if (perMinute is { } limit && window.Count >= limit)
        {
            return true;
        }

        window.Enqueue(now);
        return false;
    }

    private async Task TokenAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var raw = await reader.ReadToEndAsync(context.RequestAborted);
        JsonObject? body = null;
        try
        {
            body = JsonNode.Parse(raw) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
        }

        string token;
        lock (_gate)
        {
            if (Limited(_tokenRequests, Options.TokenRequestsPerMinute, Now()))
            {
                token = "";
            }
            else if (body is null || (string?)body["grant_type"] != "client_credentials" || (string?)body["client_id"] != Options.ClientId || (string?)body["client_secret"] != Options.ClientSecret)
            {
                token = "!";
            }
            else
            {
                token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
                _tokens[token] = Now() + Options.TokenTtl;
                TokensIssued++;
            }
        }

        if (token.Length == 0)
        {
            await WriteAsync(context, 429, Errors("Too many requests", "429"));
            return;
        }

        if (token == "!")
        {
            await WriteAsync(context, 401, new JsonObject { ["errors"] = Errors("Invalid client", "401")["errors"]!.DeepClone() });
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject
        {
            ["access_token"] = token,
            ["token_type"] = "Bearer",
            ["expires_in"] = (long)Options.TokenTtl.TotalSeconds,
            ["scope"] = "market:all",
            ["created_at"] = Now().ToUnixTimeSeconds(),
        }.ToJsonString(), context.RequestAborted);
    }

    private async Task ApiAsync(HttpContext context, bool write)
    {
        Interlocked.Increment(ref _apiRequests);
        var request = context.Request;
        var auth = request.Headers.Authorization.ToString();
        var now = Now();
        bool valid;
        bool limited;
        lock (_gate)
        {
            valid = auth.StartsWith("Bearer ", StringComparison.Ordinal) && _tokens.TryGetValue(auth[7..], out var expires) && expires > now;
            limited = valid && Limited(write ? _writes : _reads, write ? Options.WritesPerMinute : Options.ReadsPerMinute, now);
            if (!valid)
            {
                Unauthorized++;
            }
        }

        if (!valid)
        {
            await WriteAsync(context, 401, Errors("Invalid token", "INVALID_TOKEN"));
            return;
        }

        if (!request.Headers.Accept.ToString().Contains(JsonApi, StringComparison.OrdinalIgnoreCase))
        {
            await WriteAsync(context, 406, Errors("Not acceptable", "NOT_ACCEPTABLE"));
            return;
        }

        if (write && !(request.ContentType?.StartsWith(JsonApi, StringComparison.OrdinalIgnoreCase) ?? false))
        {
            await WriteAsync(context, 415, Errors("Unsupported media type", "UNSUPPORTED_MEDIA_TYPE"));
            return;
        }

        if (limited)
        {
            await WriteAsync(context, 429, Errors("Too many requests", "TOO_MANY_REQUESTS"));
            return;
        }

        if (write)
        {
            using var reader = new StreamReader(request.Body);
            var attributes = (JsonNode.Parse(await reader.ReadToEndAsync(context.RequestAborted)) as JsonObject)?["data"]?["attributes"];
            var topic = (string?)attributes?["topic"];
            var callback = (string?)attributes?["callback_url"];
            if (topic is null || callback is null)
            {
                await WriteAsync(context, 422, Errors("topic and callback_url can't be blank", "VALIDATION_ERROR"));
                return;
            }

            var (id, secret) = RegisterWebhook(topic, callback, (string?)attributes?["include_resources"]);
            var created = JsonNode.Parse(Document("webhooks", id)!)!.AsObject();
            created["data"]!["attributes"]!["shared_secret"] = secret;
            await WriteAsync(context, 201, created);
            return;
        }

        var type = (string)request.RouteValues["type"]!;
        var include = request.Query["include"].ToString();
        JsonObject document;
        int status = 200;
        lock (_gate)
        {
            if (request.RouteValues["id"] is string id)
            {
                if (!_resources.TryGetValue((type, id), out var one))
                {
                    status = 404;
                    document = Errors("Record not found", "RECORD_NOT_FOUND");
                }
                else
                {
                    document = Render([one], include, single: true, meta: null);
                }
            }
            else
            {
                document = List(request, type, include, ref status);
            }
        }

        await WriteAsync(context, status, document);
    }

    private JsonObject List(HttpRequest request, string type, string include, ref int status)
    {
        var size = ParseInt(request.Query["page[size]"], 10);
        var number = ParseInt(request.Query["page[number]"], 1);
        if (size is < 1 or > 25 || number < 1)
        {
            status = 400;
            return Errors("page[size] must be between 1 and 25", "PARAM_NOT_ALLOWED");
        }

        IEnumerable<CommerceLayerResource> rows = _resources.Values.Where(r => r.Type == type);
        foreach (var (op, test) in new (string, Func<DateTimeOffset, DateTimeOffset, bool>)[]
                 { ("gt", (a, b) => a > b), ("gteq", (a, b) => a >= b), ("lt", (a, b) => a < b), ("lteq", (a, b) => a <= b) })
        {
            var value = request.Query[$"filter[q][updated_at_{op}]"].ToString();
            if (value.Length > 0)
            {
                var at = DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
                rows = rows.Where(r => test(r.UpdatedAt, at));
            }
        }

        IOrderedEnumerable<CommerceLayerResource>? ordered = null;
        foreach (var key in (request.Query["sort"].ToString() is { Length: > 0 } s ? s : "id").Split(','))
        {
            var desc = key.StartsWith('-');
            var field = key.TrimStart('-');
            Func<CommerceLayerResource, string> by = field switch
            {
                "id" => r => r.Id,
                "updated_at" => r => r.UpdatedAt.UtcTicks.ToString("D20", CultureInfo.InvariantCulture),
                _ => r => r.Attributes[field]?.ToString() ?? "",
            };
            ordered = ordered is null
                ? (desc ? rows.OrderByDescending(by, StringComparer.Ordinal) : rows.OrderBy(by, StringComparer.Ordinal))
                : (desc ? ordered.ThenByDescending(by, StringComparer.Ordinal) : ordered.ThenBy(by, StringComparer.Ordinal));
        }

        var all = ordered!.ToList();
        var pages = (all.Count + size - 1) / size;
        var meta = new JsonObject { ["record_count"] = all.Count, ["page_count"] = pages };
        var document = Render(all.Skip((number - 1) * size).Take(size).ToList(), include, single: false, meta);
        var links = new JsonObject();
        if (number < pages)
        {
            links["next"] = $"{BaseAddress}api/{type}?page[number]={number + 1}&page[size]={size}";
        }

        document["links"] = links;
        return document;
    }

    private static int ParseInt(string? value, int fallback) =>
        string.IsNullOrEmpty(value) ? fallback : int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : -1;

    private JsonObject Render(IReadOnlyList<CommerceLayerResource> rows, string? include, bool single, JsonObject? meta)
    {
        var paths = (include ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => p.Split('.')).ToList();
        var included = new List<CommerceLayerResource>();
        var seen = new HashSet<(string, string)>(rows.Select(r => (r.Type, r.Id)));
        var withData = new HashSet<(string, string, string)>();
        foreach (var path in paths)
        {
            IEnumerable<CommerceLayerResource> level = rows;
            foreach (var step in path)
            {
                var next = new List<CommerceLayerResource>();
                foreach (var r in level)
                {
                    if (!r.Relationships.TryGetValue(step, out var rel))
                    {
                        continue;
                    }

                    withData.Add((r.Type, r.Id, step));
                    foreach (var link in rel.Links)
                    {
                        if (_resources.TryGetValue(link, out var target))
                        {
                            next.Add(target);
                            if (seen.Add(link))
                            {
                                included.Add(target);
                            }
                        }
                    }
                }

                level = next;
            }
        }

        JsonObject One(CommerceLayerResource r)
        {
            var self = $"{BaseAddress}api/{r.Type}/{r.Id}";
            var relationships = new JsonObject();
            foreach (var (name, rel) in r.Relationships)
            {
                var node = new JsonObject { ["links"] = new JsonObject { ["self"] = $"{self}/relationships/{name}", ["related"] = $"{self}/{name}" } };
                if (withData.Contains((r.Type, r.Id, name)))
                {
                    node["data"] = rel.Many
                        ? new JsonArray([.. rel.Links.Select(l => (JsonNode?)new JsonObject { ["type"] = l.Type, ["id"] = l.Id })])
                        : rel.Links.Count == 0 ? null : new JsonObject { ["type"] = rel.Links[0].Type, ["id"] = rel.Links[0].Id };
                }

                relationships[name] = node;
            }

            var attributes = r.Attributes.DeepClone().AsObject();
            if (r.Type == "webhooks")
            {
                attributes.Remove("shared_secret");
            }

            return new JsonObject
            {
                ["id"] = r.Id,
                ["type"] = r.Type,
                ["links"] = new JsonObject { ["self"] = self },
                ["attributes"] = attributes,
                ["relationships"] = relationships,
                ["meta"] = new JsonObject { ["mode"] = "test", ["organization_id"] = Options.OrganizationSlug },
            };
        }

        var document = new JsonObject
        {
            ["data"] = single ? One(rows[0]) : new JsonArray([.. rows.Select(r => (JsonNode?)One(r))]),
        };
        if (included.Count > 0)
        {
            document["included"] = new JsonArray([.. included.Select(r => (JsonNode?)One(r))]);
        }

        if (meta is not null)
        {
            document["meta"] = meta;
        }

        return document;
    }

    private static JsonObject Errors(string title, string code) =>
        new() { ["errors"] = new JsonArray(new JsonObject { ["title"] = title, ["detail"] = title, ["code"] = code }) };

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = JsonApi;
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}

/// <summary>One webhook delivery attempt (status 0 = the callback could not be reached).</summary>
public sealed record CommerceLayerDelivery(string Url, string Topic, string Signature, string Body, int StatusCode);
