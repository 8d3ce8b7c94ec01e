using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Connector.Platforms.CommerceLayer.Model;
using Polly.Timeout;

namespace Connector.Platforms.CommerceLayer.Client;

/// <summary><see cref="ICommerceLayerClient"/> over the Refit API; retries, pacing and token renewal happen in its handlers.</summary>
internal sealed class CommerceLayerClient(ICommerceLayerApi api) : ICommerceLayerClient
{
    /// <summary>Commerce Layer's largest page.</summary>
    public const int PageSize = 25;

    public async Task<CommerceLayerOrder?> GetOrderAsync(string orderId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        var body = await ReadAsync(() => api.GetOrderAsync(orderId, Include(ICommerceLayerClient.OrderIncludes), cancellationToken), $"order {orderId}", allowNotFound: true, cancellationToken);
        return body is null ? null : CommerceLayerDocument.ReadOrder(body);
    }

    public async Task<CommerceLayerReturn?> GetReturnAsync(string returnId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(returnId);
        var body = await ReadAsync(() => api.GetReturnAsync(returnId, Include("order"), cancellationToken), $"return {returnId}", allowNotFound: true, cancellationToken);
        return body is null ? null : CommerceLayerDocument.ReadReturn(body);
    }

    public async Task<CommerceLayerRefund?> GetRefundAsync(string refundId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(refundId);
        var body = await ReadAsync(() => api.GetRefundAsync(refundId, Include("order,return"), cancellationToken), $"refund {refundId}", allowNotFound: true, cancellationToken);
        return body is null ? null : CommerceLayerDocument.ReadRefund(body);
    }

    public async Task<CommerceLayerPage<CommerceLayerOrder>> ListOrdersAsync(DateTimeOffset updatedFrom, DateTimeOffset? updatedTo, int pageNumber, CancellationToken cancellationToken = default)
    {
        var body = await ReadAsync(() => api.ListOrdersAsync(Window(updatedFrom, updatedTo, pageNumber), cancellationToken), "orders", allowNotFound: false, cancellationToken);
        return CommerceLayerDocument.ReadOrders(body!);
    }

    public async Task<CommerceLayerPage<CommerceLayerReturn>> ListReturnsAsync(DateTimeOffset updatedFrom, DateTimeOffset? updatedTo, int pageNumber, CancellationToken cancellationToken = default)
    {
        var query = Window(updatedFrom, updatedTo, pageNumber);
        query["include"] = "order"; // the order linkage is what a poll needs of a return
        var body = await ReadAsync(() => api.ListReturnsAsync(query, cancellationToken), "returns", allowNotFound: false, cancellationToken);
        return CommerceLayerDocument.ReadReturns(body!);
    }

    public async Task<IReadOnlyList<CommerceLayerWebhook>> ListWebhooksAsync(CancellationToken cancellationToken = default)
    {
        var all = new List<CommerceLayerWebhook>();
        for (var page = 1; ; page++)
        {
            var query = new Dictionary<string, string> { ["page[size]"] = PageSize.ToString(CultureInfo.InvariantCulture), ["page[number]"] = page.ToString(CultureInfo.InvariantCulture) };
            var body = await ReadAsync(() => api.ListWebhooksAsync(query, cancellationToken), "webhooks", allowNotFound: false, cancellationToken);
            using var document = JsonDocument.Parse(body!);
            all.AddRange(document.RootElement.GetProperty("data").EnumerateArray().Select(Webhook));
            if (!(document.RootElement.TryGetProperty("links", out var links) && links.ValueKind == JsonValueKind.Object && links.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.String))
            {
                return all;
            }
        }
    }

    public async Task<CommerceLayerWebhook> CreateWebhookAsync(CommerceLayerWebhookCreate webhook, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var json = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["data"] = new Dictionary<string, object>
            {
                ["type"] = "webhooks",
                ["attributes"] = new Dictionary<string, object>
                {
                    ["name"] = webhook.Name,
                    ["topic"] = webhook.Topic,
                    ["callback_url"] = webhook.CallbackUrl,
                    ["include_resources"] = webhook.IncludeResources,
                },
            },
        });
        using var content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue(CommerceLayerAuthHandler.JsonApi));
        var body = await ReadAsync(() => api.CreateWebhookAsync(content, cancellationToken), $"webhook {webhook.Topic}", allowNotFound: false, cancellationToken);
        using var document = JsonDocument.Parse(body!);
        return Webhook(document.RootElement.GetProperty("data"));
    }

    /// <summary>The first JSON:API error's <c>code</c> and <c>detail</c> (or <c>title</c>); status may be a string or a number.</summary>
    internal static (string? Code, string? Detail) FirstError(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
            {
                var first = errors[0];
                string? Text(string name) => first.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                return (Text("code"), Text("detail") ?? Text("title"));
            }
        }
        catch (JsonException)
        {
            // not a JSON:API error document (a proxy page)
        }

        return (null, null);
    }

    private static Dictionary<string, string> Include(string include) => new() { ["include"] = include };

    private static Dictionary<string, string> Window(DateTimeOffset from, DateTimeOffset? to, int pageNumber)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageNumber, 1);
        var query = new Dictionary<string, string>
        {
            ["filter[q][updated_at_gteq]"] = Iso(from),
            ["sort"] = "updated_at,id",
            ["page[size]"] = PageSize.ToString(CultureInfo.InvariantCulture),
            ["page[number]"] = pageNumber.ToString(CultureInfo.InvariantCulture),
        };
        if (to is { } end)
        {
            query["filter[q][updated_at_lteq]"] = Iso(end);
        }

        return query;
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static CommerceLayerWebhook Webhook(JsonElement data)
    {
        var a = data.TryGetProperty("attributes", out var attributes) ? attributes : default;
        string? Text(string name) => a.ValueKind == JsonValueKind.Object && a.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return new CommerceLayerWebhook
        {
            Id = data.GetProperty("id").GetString()!,
            Name = Text("name"),
            Topic = Text("topic") ?? "",
            CallbackUrl = Text("callback_url") ?? "",
            IncludeResources = a.ValueKind == JsonValueKind.Object && a.TryGetProperty("include_resources", out var inc) && inc.ValueKind == JsonValueKind.Array
                ? [.. inc.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!)]
                : [],
            SharedSecret = Text("shared_secret"),
            DisabledAt = Text("disabled_at") is { } d && DateTimeOffset.TryParse(d, CultureInfo.InvariantCulture, out var at) ? at : null,
            CircuitState = Text("circuit_state"),
        };
    }

    private static async Task<byte[]?> ReadAsync(Func<Task<HttpResponseMessage>> call, string what, bool allowNotFound, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await call();
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new CommerceLayerApiException(null, $"Commerce Layer did not answer for {what} ({e.Message}).", inner: e);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound && allowNotFound)
            {
                return null;
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var (code, detail) = FirstError(Encoding.UTF8.GetString(body));
                var hint = response.StatusCode == HttpStatusCode.Unauthorized
                    ? " The access token was refused twice; check that CommerceLayer:ClientId is an integration credential of this organization."
                    : string.Empty;
                throw new CommerceLayerApiException(response.StatusCode, $"Commerce Layer answered {(int)response.StatusCode} for {what}{(code is null ? "" : $" ({code})")}: {detail ?? response.ReasonPhrase}.{hint}", code);
            }

            return body;
        }
    }
}
