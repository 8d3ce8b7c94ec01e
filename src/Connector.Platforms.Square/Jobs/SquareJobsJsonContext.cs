using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Jobs;

/// <summary>
/// Source-generated serialisation of the Square job arguments, for <c>JobClient.EnqueueAsync(kind, args, typeInfo, …)</c>
/// and <c>AddJobHandler(kind, typeInfo)</c>. Web defaults (camelCase), the same shape the job engine's reflection path
/// writes, so a job enqueued either way is read the same.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SyncSquareOrderArgs))]
[JsonSerializable(typeof(SyncSquareRefundArgs))]
public sealed partial class SquareJobsJsonContext : JsonSerializerContext;
