using Connector.Core.Mappings;
using Connector.Jobs;
using Connector.Leat.Balance;
using Connector.Leat.Client;
using Connector.Leat.Dispatch;

namespace Connector.Core.Pipeline;

/// <summary>
/// Translates what the dispatcher and mappings throw into what the job engine understands: a permanent
/// refusal fails the job at once with Leat's message (replayable from the dashboard once the cause is fixed);
/// a transient one is retried at the time Leat or the dispatcher asked for, or with the engine's back-off.
/// </summary>
public static class DispatchFailure
{
    /// <summary>The job-engine exception for <paramref name="error"/>, or null to let the engine back off as usual.</summary>
    public static Exception? ToJobException(Exception error) => error switch
    {
        LeatApiException { IsTransient: false } e => new PermanentJobFailureException(e.Message, e),
        LeatApiException { RetryAfter: { } after } e => new RetryJobException(e.Message, after, e),
        UnbalancedPayloadException or DispatchRejectedException or UnmappedLocationException or MappingException
            => new PermanentJobFailureException(error.Message, error),
        DispatchInProgressException e => new RetryJobException(e.Message, e.RetryAfter, e, countsAsAttempt: false),
        OrderNotInLeatException e => new RetryJobException(e.Message, e.RetryAfter, e),
        _ => null,
    };

    /// <summary>
    /// Runs a platform's job <paramref name="work"/>, rethrowing its failure as <paramref name="translate"/> (the
    /// platform's own failures, falling back to <see cref="ToJobException"/>) says; untranslated failures as thrown.
    /// </summary>
    public static async Task RunAsync(Func<Task> work, Func<Exception, Exception?> translate)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(translate);
        try
        {
            await work();
        }
        catch (Exception e) when (translate(e) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>Runs <paramref name="work"/>, rethrowing its failure in the job engine's terms.</summary>
    public static async Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (Exception e) when (ToJobException(e) is { } translated)
        {
            throw translated;
        }
    }
}
