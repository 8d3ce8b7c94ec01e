namespace Connector.Jobs;

/// <summary>
/// A job about one business object (an order, a refund), identified by a platform's id and nothing else: it fetches
/// the object's current state itself, because events arrive late, twice and out of order. Register it with
/// <c>services.AddKeyedJob&lt;TJob&gt;(kind, queue)</c> and request it through <see cref="JobIntake"/>; at most one job
/// per object is queued or running, and a request while one runs makes it run once more afterwards. Put a
/// <c>[DisplayName("Square order {0}")]</c> on the implementation so every Hangfire list shows the business key.
/// </summary>
public interface IKeyedJob
{
    /// <summary>Does the work for the object <paramref name="id"/>; throw to fail (see <see cref="PermanentJobFailureException"/>, <see cref="RetryJobException"/>).</summary>
    Task RunAsync(string id, CancellationToken cancellationToken);
}
