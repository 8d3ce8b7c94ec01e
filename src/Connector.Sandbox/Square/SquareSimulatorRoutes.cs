using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Connector.Sandbox.Square;

/// <summary>
/// The Square routes. One wrapper reads the body, applies injected faults (before authentication, like an overloaded
/// Square), checks the token and the <c>Square-Version</c> format, runs the handler, records the exchange and answers.
/// </summary>
internal static partial class SquareSimulatorRoutes
{
    public static void Map(IEndpointRouteBuilder endpoints, SquareSimulatorState state)
    {
        var api = endpoints.MapGroup("/v2");
        api.MapGet("/orders/{id}", Wrap(state, r => state.RetrieveOrder(r.Route("id"))));
        api.MapPost("/orders/batch-retrieve", Wrap(state, r => r.Json(() => state.BatchRetrieve(r.Body))));
        api.MapPost("/orders/search", Wrap(state, r => r.Json(() => state.SearchOrders(r.Body))));
        api.MapGet("/refunds/{id}", Wrap(state, r => state.RetrieveRefund(r.Route("id"))));
        api.MapGet("/refunds", Wrap(state, r => state.ListRefunds(r.QueryValues())));
        api.MapGet("/payments/{id}", Wrap(state, r => state.RetrievePayment(r.Route("id"))));
        api.MapGet("/customers/{id}", Wrap(state, r => state.RetrieveCustomer(r.Route("id"))));
        api.MapGet("/locations", Wrap(state, _ => state.ListLocations()));

        // Anything else is answered in Square's shape, so a client calling a wrong path fails visibly.
        api.Map("/{**rest}", Wrap(state, r => SquareErrors.Create(404, "INVALID_REQUEST_ERROR", "NOT_FOUND", $"Resource not found: {r.Path}.")));
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex VersionFormat();

    private static RequestDelegate Wrap(SquareSimulatorState state, Func<Request, SquareResponse> handler) => async context =>
    {
        var request = context.Request;
        var receivedAt = state.Options.TimeProvider.GetUtcNow();
        var body = "";

        // GETs carry no body; skipping the reader saves its buffers on the reads the benchmark makes most.
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != false)
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        var path = request.Path.Value ?? "";
        var (delay, failStatus, retryAfter, _) = state.Faults.Take(path);
        var authorization = request.Headers.Authorization.ToString();
        var authorized = IsAuthorized(authorization, state.Options.AccessToken);
        var version = request.Headers.TryGetValue("Square-Version", out var v) ? v.ToString() : null;
        var fault = failStatus is { } f ? "fail:" + f.ToString(CultureInfo.InvariantCulture) : delay is not null ? "delay" : null;
        SquareRecordedRequest Recorded(int status, string? responseBody) => new(
            request.Method, path, request.QueryString.Value ?? "", body, authorization.Length > 0, authorized, version, status, responseBody, fault, receivedAt);

        if (delay is { } wait)
        {
            // Held requests end when the client gives up or the host stops, so disposing never waits out a delay.
            var stopping = context.RequestServices.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
            using var held = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
            try
            {
                await Task.Delay(wait, state.Options.TimeProvider, held.Token);
            }
            catch (OperationCanceledException)
            {
                state.Record(Recorded(0, null));
                return;
            }
        }

        var response = failStatus is { } status
            ? SquareErrors.Injected(status, retryAfter)
            : !authorized
                ? SquareErrors.Unauthorized()
                : version is not null && !VersionFormat().IsMatch(version)
                    ? SquareErrors.Invalid("INVALID_SQUARE_VERSION_FORMAT", $"`{version}` is not a valid Square-Version (YYYY-MM-DD).")
                    : handler(new Request(body, context));

        // Recorded before answering, so a test that has the answer also sees the recording.
        state.Record(Recorded(response.StatusCode, Encoding.UTF8.GetString(response.Json.Span)));
        context.Response.StatusCode = response.StatusCode;
        context.Response.ContentType = "application/json";
        context.Response.Headers["Square-Version"] = version is not null && VersionFormat().IsMatch(version) ? version : state.Options.SquareVersion;
        if (response.RetryAfter is { } after)
        {
            context.Response.Headers.RetryAfter = ((long)Math.Ceiling(after.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        await context.Response.Body.WriteAsync(response.Json, context.RequestAborted);
    };

    /// <summary>Constant-time comparison: the token is a secret even in a simulator, and tests copy patterns from here.</summary>
    private static bool IsAuthorized(string header, string token)
    {
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()), Encoding.UTF8.GetBytes(token));
    }

    private sealed class Request(string body, HttpContext context)
    {
        public string Body { get; } = body;

        public string Path => context.Request.Path.Value ?? "";

        public string Route(string name) => context.Request.RouteValues[name] as string ?? "";

        public IReadOnlyDictionary<string, string> QueryValues() =>
            context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);

        /// <summary>POST bodies must be declared JSON, as Square requires.</summary>
        public SquareResponse Json(Func<SquareResponse> handle) =>
            context.Request.ContentType is { } type && type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
                ? handle()
                : SquareErrors.Invalid("BAD_REQUEST", "Content-Type must be application/json.");
    }
}
