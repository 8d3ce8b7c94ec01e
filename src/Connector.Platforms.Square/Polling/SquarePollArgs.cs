using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Polling;

/// <summary>Arguments of the recurring poll (none: it reads its checkpoint).</summary>
public sealed record SquarePollArgs;

/// <summary>Arguments of a backfill: every order updated and refund in [Since, Until).</summary>
public sealed record SquareBackfillArgs(
    [property: JsonPropertyName("since")] DateTimeOffset Since,
    [property: JsonPropertyName("until")] DateTimeOffset? Until);

[JsonSerializable(typeof(SquarePollArgs))]
[JsonSerializable(typeof(SquareBackfillArgs))]
public sealed partial class SquarePollingJsonContext : JsonSerializerContext;
