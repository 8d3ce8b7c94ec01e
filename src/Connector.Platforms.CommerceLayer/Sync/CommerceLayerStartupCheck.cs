using Connector.Platforms.CommerceLayer.Mapping;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.Platforms.CommerceLayer.Sync;

/// <summary>
/// At start: builds the AutoMapper mapper with <c>AutoMapper:LicenseKey</c> and the host's logging, and reads
/// commercelayer.json's rules, so a wrong value stops the service instead of failing every Commerce Layer job.
/// </summary>
internal sealed class CommerceLayerStartupCheck(IServiceProvider services, IConfiguration configuration, ILoggerFactory loggers) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        CommerceLayerMapperConfiguration.Initialize(configuration["AutoMapper:LicenseKey"], loggers);
        _ = services.GetService(typeof(CommerceLayerMappingRules));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The platform's own settings beyond the client's: webhooks and the poll.</summary>
internal sealed class CommerceLayerOptionsValidator : IValidateOptions<CommerceLayerOptions>
{
    public ValidateOptionsResult Validate(string? name, CommerceLayerOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.WebhookSharedSecret))
        {
            errors.Add("CommerceLayer:WebhookSharedSecret must be set: the shared secret(s) `commercelayer register` printed (comma-separated, one per webhook); without it every webhook is refused.");
        }

        if (options.PollOverlap < TimeSpan.Zero || options.PollInitialLookback <= TimeSpan.Zero)
        {
            errors.Add("CommerceLayer:PollOverlap must not be negative and CommerceLayer:PollInitialLookback must be positive.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
