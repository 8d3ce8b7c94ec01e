using System.Net;
using Connector.Core.Pipeline;
using Connector.Jobs;
using Connector.Platforms.CommerceLayer.Client;
using Connector.Platforms.CommerceLayer.Mapping;

namespace Connector.Platforms.CommerceLayer.Sync;

/// <summary>Commerce Layer's failures in the job engine's terms, on top of the pipeline's (<see cref="DispatchFailure"/>).</summary>
internal static class CommerceLayerJobFailure
{
    public static Task RunAsync(Func<Task> work) => DispatchFailure.RunAsync(work, ToJobException);

    /// <summary>No answer, 408, 429 and 5xx are worth retrying; any other refusal (401, 403, 422, …) needs a fix first.</summary>
    public static Exception? ToJobException(Exception error) => error switch
    {
        PermanentJobFailureException => error,
        CommerceLayerApiException { StatusCode: null or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests } => null,
        CommerceLayerApiException { StatusCode: >= HttpStatusCode.InternalServerError } => null,
        CommerceLayerApiException e => new PermanentJobFailureException(e.Message, e),
        CommerceLayerMappingException or CommerceLayerFormatException => new PermanentJobFailureException(error.Message, error),
        _ => DispatchFailure.ToJobException(error),
    };
}
