using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Connector.Sandbox.Leat;

/// <summary>
/// The Leat routes. Every route goes through one wrapper that reads the body, applies injected faults, checks the
/// token, runs the handler, records the exchange and then answers (or, for commit-then-drop, aborts the connection).
/// Handlers return a <see cref="FakeResponse"/> instead of writing, so a dropped answer never leaks a header.
/// </summary>
internal static class LeatFakeRoutes
{
    public const string Prefix = "/api/v3/oauth/clients";

    public static void Map(IEndpointRouteBuilder endpoints, LeatFakeState state)
    {
        var api = endpoints.MapGroup(Prefix);
        api.MapGet("", Wrap(state, _ => LeatFakeState.Ping()));
        api.MapPost("/orders/create-and-process", Wrap(state, r => state.CreateOrder(r.Body, process: true)));
        api.MapPost("/orders", Wrap(state, r => state.CreateOrder(r.Body, process: false)));
        api.MapPost("/orders/simulate", Wrap(state, r => state.Simulate(r.Body)));
        api.MapGet("/orders/find", Wrap(state, r => state.FindOrder(r.Query("external_identifier"))));
        api.MapPost("/orders/{uuid}/process", Wrap(state, r => state.ProcessOrder(r.Route("uuid"))));
        api.MapGet("/orders/{uuid}", Wrap(state, r => state.GetOrder(r.Route("uuid"))));
        api.MapPut("/orders/{uuid}", Wrap(state, r => state.UpdateOrder(r.Route("uuid"), r.Body)));
        api.MapPost("/order-returns/create-and-process", Wrap(state, r => state.CreateReturn(r.Body, process: true)));
        api.MapPost("/order-returns", Wrap(state, r => state.CreateReturn(r.Body, process: false)));
        api.MapPost("/order-returns/{uuid}/process", Wrap(state, r => state.ProcessReturn(r.Route("uuid"))));
        api.MapGet("/contacts/find-or-create", Wrap(state, r => state.FindOrCreateContact(r.Query("email"))));
        api.MapGet("/shops", Wrap(state, _ => state.ListShops()));
        api.MapGet("/shops/{uuid}", Wrap(state, r => state.GetShop(r.Route("uuid"))));

        // Anything else under the prefix is recorded and answered in Leat's shape, so a client calling a wrong path
        // sees a 404 the test can assert on rather than an empty response.
        api.Map("/{**rest}", Wrap(state, _ => LeatErrors.NotFound(404, "Not found.")));
    }

    /// <summary>Null matches everything; otherwise a path prefix, absolute (<c>/api/...</c>) or relative to <see cref="Prefix"/>.</summary>
    public static bool PathMatches(string path, string? filter)
    {
        if (filter is null)
        {
            return true;
        }

        if (filter.StartsWith("/api/", StringComparison.Ordinal))
        {
            return path.StartsWith(filter, StringComparison.Ordinal);
        }

        var relative = path.StartsWith(Prefix, StringComparison.Ordinal) ? path[Prefix.Length..] : path;
        return relative.StartsWith("/" + filter.TrimStart('/'), StringComparison.Ordinal);
    }

    private static RequestDelegate Wrap(LeatFakeState state, Func<FakeRequest, FakeResponse> handler) => async context =>
    {
        var request = context.Request;
        var receivedAt = state.Options.TimeProvider.GetUtcNow();
        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        var path = request.Path.Value ?? "";
        var plan = state.Faults.Take(path);
        var authorization = request.Headers.Authorization.ToString();
        var authorized = IsAuthorized(authorization, state.Options.ApiToken);
        RecordedRequest Recorded(int status, string? responseBody, bool dropped) => new(
            request.Method,
            path,
            request.QueryString.Value ?? "",
            body,
            authorization.Length > 0,
            authorized,
            request.Headers.Accept.Count > 0 ? request.Headers.Accept.ToString() : null,
            request.ContentType,
            request.Headers.Where(h => !string.Equals(h.Key, "Authorization", StringComparison.OrdinalIgnoreCase))
                .ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            status,
            responseBody,
            plan.Describe(),
            dropped,
            receivedAt);

        if (plan.Delay is { } delay)
        {
            // Held requests end when the client gives up or the host stops, so disposing the fake never waits out a delay.
            var stopping = context.RequestServices.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
            using var held = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
            try
            {
                await Task.Delay(delay, state.Options.TimeProvider, held.Token);
            }
            catch (OperationCanceledException)
            {
                state.Record(Recorded(0, null, dropped: false));
                return;
            }
        }

        // A failure is injected before authentication and without effect: Leat in maintenance answers 503 to everyone.
        var response = plan.FailStatus is { } failStatus
            ? LeatErrors.Injected(failStatus, plan.RetryAfter)
            : !authorized
                ? LeatErrors.Unauthorized()
                : handler(new FakeRequest(body, context));
        var json = response.Body.ToJsonString();

        // Recorded before answering, so a test that has the answer also sees the recording.
        if (plan.Drop && plan.FailStatus is null)
        {
            state.Record(Recorded(response.StatusCode, json, dropped: true));
            context.Abort();
            return;
        }

        state.Record(Recorded(response.StatusCode, json, dropped: false));
        context.Response.StatusCode = response.StatusCode;
        context.Response.ContentType = "application/json";
        if (response.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await context.Response.WriteAsync(json, context.RequestAborted);
    };

    /// <summary>Constant-time comparison: the token is a secret even in a fake, and tests copy patterns from here.</summary>
    private static bool IsAuthorized(string header, string token)
    {
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()), Encoding.UTF8.GetBytes(token));
    }

    private sealed class FakeRequest(string body, HttpContext context)
    {
        public string Body { get; } = body;

        public string? Query(string name) => context.Request.Query.TryGetValue(name, out var value) ? value.ToString() : null;

        public string Route(string name) => context.Request.RouteValues[name] as string ?? "";
    }
}
