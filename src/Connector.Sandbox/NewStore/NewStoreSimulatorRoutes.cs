using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Connector.Sandbox.NewStore;

/// <summary>
/// NewStore's routes on one loopback host: Keycloak's token endpoint (identity host) and the tenant API (GraphQL and
/// event-stream configuration). API routes need a live bearer token (none → 401, expired or unknown → 403, both JSON).
/// </summary>
internal static class NewStoreSimulatorRoutes
{
    private const string Integrations = "/api/v1/org/integrations/eventstream";

    public static void Map(IEndpointRouteBuilder endpoints, NewStoreSimulatorState state, Action<NewStoreRecordedRequest> record)
    {
        endpoints.MapPost("/auth/realms/{tenant}/protocol/openid-connect/token", async context =>
        {
            var form = context.Request.HasFormContentType
                ? (await context.Request.ReadFormAsync(context.RequestAborted)).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal);
            var (_, failStatus, retryAfter, _) = state.Faults.Take(context.Request.Path.Value ?? "");
            var response = failStatus is { } injected
                ? NewStoreResponse.Injected(injected, retryAfter)
                : context.Request.HasFormContentType
                ? state.IssueToken(context.Request.RouteValues["tenant"] as string ?? "", form, context.Request.Headers.Authorization.ToString())
                : new NewStoreResponse(400, new System.Text.Json.Nodes.JsonObject { ["error"] = "invalid_request", ["error_description"] = "Content-Type must be application/x-www-form-urlencoded." });
            record(new NewStoreRecordedRequest("POST", context.Request.Path.Value ?? "", context.Request.Headers.Authorization.Count > 0, response.StatusCode, state.Options.TimeProvider.GetUtcNow()));
            await WriteAsync(context, response);
        });

        endpoints.MapPost("/api/v1/org/data/query", Api(state, record, (_, body) => NewStoreGraphQl.Execute(body, state.Graph), json: true));
        endpoints.MapGet(Integrations, Api(state, record, (_, _) => state.ListIntegrations()));
        endpoints.MapPost(Integrations, Api(state, record, (_, body) => state.RegisterIntegration(body), json: true));
        endpoints.MapGet(Integrations + "/{id}", Api(state, record, (r, _) => state.GetIntegration(Id(r))));
        endpoints.MapMethods(Integrations + "/{id}", ["PATCH"], Api(state, record, (r, body) => state.UpdateIntegration(Id(r), body), json: true));
        endpoints.MapDelete(Integrations + "/{id}", Api(state, record, (r, _) => state.DeleteIntegration(Id(r))));
        endpoints.MapPost(Integrations + "/{id}/_start", Api(state, record, (r, _) => state.SetIntegrationStatus(Id(r), "running")));
        endpoints.MapPost(Integrations + "/{id}/_stop", Api(state, record, (r, _) => state.SetIntegrationStatus(Id(r), "stopped")));

        // Anything else is answered in NewStore's error shape, so a client calling a wrong path fails visibly.
        endpoints.Map("/{**rest}", Api(state, record, (r, _) => NewStoreResponse.Error(404, "not_found", $"No route {r.Method} {r.Path}.")));
    }

    private static string Id(HttpRequest request) => request.RouteValues["id"] as string ?? "";

    private static RequestDelegate Api(NewStoreSimulatorState state, Action<NewStoreRecordedRequest> record, Func<HttpRequest, string, NewStoreResponse> handler, bool json = false) => async context =>
    {
        var request = context.Request;
        var body = "";
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != false)
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        var authorization = request.Headers.Authorization.ToString();

        // Injected faults come before authentication, like an overloaded or rate-limiting NewStore, and have no effect.
        var (_, failStatus, retryAfter, _) = state.Faults.Take(request.Path.Value ?? "");
        var response = (failStatus is { } injected ? NewStoreResponse.Injected(injected, retryAfter) : null)
            ?? state.Authenticate(authorization)
            ?? (json && !(request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) ?? false)
                ? NewStoreResponse.Error(415, "unsupported_media_type", "Content-Type must be application/json.")
                : handler(request, body));
        record(new NewStoreRecordedRequest(request.Method, request.Path.Value ?? "", authorization.Length > 0, response.StatusCode, state.Options.TimeProvider.GetUtcNow()));
        await WriteAsync(context, response);
    };

    private static async Task WriteAsync(HttpContext context, NewStoreResponse response)
    {
        context.Response.StatusCode = response.StatusCode;
        if (response.RetryAfter is { } after)
        {
            context.Response.Headers.RetryAfter = ((long)Math.Ceiling(after.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (response.Html is { } html)
        {
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync(html, context.RequestAborted);
            return;
        }

        if (response.Body is null)
        {
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(NewStoreJson.Serialize(response.Body), context.RequestAborted);
    }
}
