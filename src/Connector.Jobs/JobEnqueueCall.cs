using Npgsql;

namespace Connector.Jobs;

/// <summary>
/// An enqueue to embed in the caller's own statement (see <see cref="JobClient.PrepareEnqueue{TArgs}"/>):
/// <see cref="Sql"/> is an expression of type <c>jobs.enqueued</c> (<c>job_id</c>, <c>created</c>). After the statement
/// commits with a created job, pass <see cref="Queue"/> to <see cref="JobClient.NotifyCommitted"/>.
/// </summary>
/// <param name="Queue">The queue the job goes to.</param>
/// <param name="Sql">The <c>jobs.enqueue(…)</c> call, referring to <paramref name="Parameters"/> by name.</param>
/// <param name="Parameters">Fresh parameters for one command; their names start with <c>jobs_</c>.</param>
public sealed record JobEnqueueCall(string Queue, string Sql, IReadOnlyList<NpgsqlParameter> Parameters);
