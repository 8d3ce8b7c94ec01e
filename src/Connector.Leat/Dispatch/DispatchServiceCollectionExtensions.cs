using Connector.Leat.Contacts;
using Connector.Leat.Dispatch;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the idempotent dispatcher, its ledger and the contact directory.</summary>
public static class DispatchServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="LeatDispatcher"/> with <see cref="DispatchOptions"/> bound from <c>Leat:Dispatch</c> and
    /// validated at start, and the hosted service that keeps this process's claim-owner row alive. Needs an
    /// <c>NpgsqlDataSource</c> and the Leat client registered.
    /// </summary>
    public static IServiceCollection AddLeatDispatch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DispatchOptions>()
            .Bind(configuration.GetSection(DispatchOptions.SectionName))
            .Validate(o => o.MissingEmail != MissingEmailPolicy.Fallback || Guid.TryParse(o.FallbackContactUuid, out _),
                "Leat:Dispatch:FallbackContactUuid must be a contact uuid when Leat:Dispatch:MissingEmail is Fallback.")
            .Validate(o => o.ClaimTimeout > TimeSpan.Zero, "Leat:Dispatch:ClaimTimeout must be positive.")
            .Validate(o => o.OwnerHeartbeatInterval > TimeSpan.Zero, "Leat:Dispatch:OwnerHeartbeatInterval must be positive.")
            .Validate(o => o.OwnerTimeout > 2 * o.OwnerHeartbeatInterval,
                "Leat:Dispatch:OwnerTimeout must be more than twice Leat:Dispatch:OwnerHeartbeatInterval, or one late heartbeat would declare a live process dead.")
            .Validate(o => o.OwnerTimeout < o.ClaimTimeout,
                "Leat:Dispatch:OwnerTimeout must be shorter than Leat:Dispatch:ClaimTimeout, which stays the upper bound on any claim.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LeatContactDirectory>();
        services.TryAddSingleton<DispatchOwner>();
        services.TryAddSingleton<DispatchOwnerHeartbeat>();
        services.AddHostedService(provider => provider.GetRequiredService<DispatchOwnerHeartbeat>());
        services.TryAddSingleton<LeatDispatcher>();
        services.AddSingleton<IValidateOptions<DispatchOptions>, ClaimTimeoutValidator>();
        return services;
    }

    /// <summary>The claim must outlive a whole Leat call, or a slow but live call would be taken over and repeated.</summary>
    private sealed class ClaimTimeoutValidator(IOptions<Connector.Leat.LeatOptions> leat) : IValidateOptions<DispatchOptions>
    {
        public ValidateOptionsResult Validate(string? name, DispatchOptions options) =>
            options.ClaimTimeout > leat.Value.TotalTimeout
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"Leat:Dispatch:ClaimTimeout ({options.ClaimTimeout}) must be longer than Leat:TotalTimeout ({leat.Value.TotalTimeout}).");
    }
}
