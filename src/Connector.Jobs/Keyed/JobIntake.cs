using System.Threading.Channels;
using Npgsql;

namespace Connector.Jobs;

/// <summary>
/// How work gets to the job server without being lost or doubled. A request is a row in <c>jobs.keyed_work</c>,
/// written in the caller's own statement or transaction (a webhook's inbox row and its request commit together);
/// after the commit the row is handed to Hangfire in the background, so a webhook's answer never waits for the job
/// server. A process that stops between the commit and the hand-off loses nothing: the sweeper hands over what is
/// left. The row also keeps one live job per business object (see <see cref="IKeyedJob"/>).
/// </summary>
public sealed class JobIntake
{
    private readonly KeyedWorkStore _store;
    private readonly Channel<KeyedWork> _handOffs = Channel.CreateUnbounded<KeyedWork>(new UnboundedChannelOptions { SingleWriter = false });

    internal JobIntake(KeyedWorkStore store)
    {
        _store = store;
    }

    /// <summary>
    /// The request as one SQL statement, to run as a data-modifying CTE inside the caller's own statement:
    /// <c>WITH requested AS (…) SELECT … (SELECT created FROM requested)</c>, made only when <paramref name="when"/>
    /// holds. Add <see cref="RequestParameters"/>; when it returns a row with <c>created = true</c> and the statement
    /// has committed, call <see cref="Committed"/>.
    /// </summary>
    public static string RequestSql(string when = "true") => KeyedWorkStore.RequestSql(when);

    /// <summary>The parameters of <see cref="RequestSql"/> (named <c>intake_*</c>).</summary>
    public static NpgsqlParameter[] RequestParameters(KeyedWork work) => KeyedWorkStore.RequestParameters(work);

    /// <summary>Requests work for each object in one autocommitted statement and hands the new ones over; returns how many were new.</summary>
    public async Task<int> RequestAsync(IReadOnlyCollection<KeyedWork> works, CancellationToken cancellationToken)
    {
        var created = await _store.RequestAsync(works, cancellationToken);
        foreach (var work in created)
        {
            Committed(work);
        }

        return created.Count;
    }

    /// <summary>Requests work for one object (autocommit) and hands it over if it is new.</summary>
    public Task<int> RequestAsync(KeyedWork work, CancellationToken cancellationToken) => RequestAsync([work], cancellationToken);

    /// <summary>The caller's statement that ran <see cref="RequestSql"/> committed a new row: hand it to the job server.</summary>
    public void Committed(KeyedWork work) => _handOffs.Writer.TryWrite(work);

    internal ChannelReader<KeyedWork> HandOffs => _handOffs.Reader;
}
