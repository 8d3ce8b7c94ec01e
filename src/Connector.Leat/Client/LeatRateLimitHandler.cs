namespace Connector.Leat.Client;

/// <summary>Holds each request until the shared <see cref="LeatRateLimiter"/> gives it its slot.</summary>
public sealed class LeatRateLimitHandler(LeatRateLimiter limiter) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await limiter.AcquireAsync(cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}
