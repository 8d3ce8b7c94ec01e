using Connector.Core.Pipeline;
using Connector.Jobs;
using Connector.Platforms.NewStore.Client;
using Connector.Platforms.NewStore.Mapping;

namespace Connector.Platforms.NewStore.Sync;

/// <summary>NewStore's failures in the job engine's terms, on top of the pipeline's (<see cref="DispatchFailure"/>).</summary>
internal static class NewStoreJobFailure
{
    public static Task RunAsync(Func<Task> work) => DispatchFailure.RunAsync(work, ToJobException);

    /// <summary>The job-engine exception for <paramref name="error"/>, or null to let the engine back off as usual.</summary>
    public static Exception? ToJobException(Exception error) => error switch
    {
        PermanentJobFailureException or RetryJobException => error,
        NewStoreApiException { IsTransient: false } e => new PermanentJobFailureException(e.Message, e),
        NewStoreApiException { RetryAfter: { } after } e => new RetryJobException(e.Message, after, e),
        NewStoreMappingException => new PermanentJobFailureException(error.Message, error),
        _ => DispatchFailure.ToJobException(error),
    };
}
