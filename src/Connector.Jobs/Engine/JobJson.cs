using System.Text.Json;

namespace Connector.Jobs.Engine;

/// <summary>Serialisation of job arguments registered without source-generated metadata.</summary>
internal static class JobJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
