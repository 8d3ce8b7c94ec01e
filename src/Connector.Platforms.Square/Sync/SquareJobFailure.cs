using Connector.Core.Pipeline;
using Connector.Jobs;
using Connector.Platforms.Square.Client;
using Connector.Platforms.Square.Mapping;

namespace Connector.Platforms.Square.Sync;

/// <summary>Square's failures in the job engine's terms, on top of the pipeline's (<see cref="DispatchFailure"/>).</summary>
internal static class SquareJobFailure
{
    public static Task RunAsync(Func<Task> work) => DispatchFailure.RunAsync(work, ToJobException);

    private static Exception? ToJobException(Exception error) => error switch
    {
        SquareApiException { IsTransient: false } e => new PermanentJobFailureException(e.Message, e),
        SquareApiException { RetryAfter: { } after } e => new RetryJobException(e.Message, after, e),
        SquareMappingException or SquareSyncException => new PermanentJobFailureException(error.Message, error),
        _ => DispatchFailure.ToJobException(error),
    };
}
