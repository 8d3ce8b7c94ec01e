namespace Connector.Sandbox.CommerceLayer;

/// <summary>How the Commerce Layer simulator behaves: credentials, token lifetime, rate limits and delivery habits.</summary>
public sealed class CommerceLayerSimulatorOptions
{
    public string ClientId { get; init; } = "sandbox-cl-client";

    public string ClientSecret { get; init; } = "sandbox-cl-secret";

    public string OrganizationSlug { get; init; } = "sandbox-org";

    /// <summary>Port on 127.0.0.1 (0 = any free port).</summary>
    public int Port { get; init; }

    public TimeSpan TokenTtl { get; init; } = TimeSpan.FromHours(4);

    /// <summary>Token requests allowed per minute (Commerce Layer: 30).</summary>
    public int TokenRequestsPerMinute { get; init; } = 30;

    /// <summary>API reads allowed per minute; null = unlimited.</summary>
    public int? ReadsPerMinute { get; init; }

    /// <summary>API writes allowed per minute; null = unlimited.</summary>
    public int? WritesPerMinute { get; init; }

    /// <summary>Chance that a delivery is made twice.</summary>
    public double DuplicateRate { get; init; }

    /// <summary>Chance that a delivery is held back to a later flush.</summary>
    public double LateRate { get; init; }

    public bool ShuffleDeliveries { get; init; }

    public int Seed { get; init; } = 1;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
