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
    /// validated at start. Needs an <c>NpgsqlDataSource</c> and the Leat client registered.
    /// </summary>
    public static IServiceCollection AddLeatDispatch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DispatchOptions>()
            .Bind(configuration.GetSection(DispatchOptions.SectionName))
            .Validate(o => o.MissingEmail != MissingEmailPolicy.Fallback || Guid.TryParse(o.FallbackContactUuid, out _),
                "Leat:Dispatch:FallbackContactUuid must be a contact uuid when Leat:Dispatch:MissingEmail is Fallback.")
            .Validate(o => o.ClaimTimeout > TimeSpan.Zero, "Leat:Dispatch:ClaimTimeout must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LeatContactDirectory>();
        services.TryAddSingleton<LeatDispatcher>();
        services.AddSingleton<IValidateOptions<DispatchOptions>, ClaimTimeoutValidator>();
        return services;
    }

    /// <summary>The claim must outlive a Leat call, or a slow but live call would be taken over and repeated.</summary>
    private sealed class ClaimTimeoutValidator(IOptions<Connector.Leat.LeatOptions> leat) : IValidateOptions<DispatchOptions>
    {
        public ValidateOptionsResult Validate(string? name, DispatchOptions options) =>
            options.ClaimTimeout > leat.Value.Timeout
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"Leat:Dispatch:ClaimTimeout ({options.ClaimTimeout}) must be longer than Leat:Timeout ({leat.Value.Timeout}).");
    }
}
