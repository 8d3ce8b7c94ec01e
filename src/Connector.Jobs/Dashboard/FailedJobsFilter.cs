using System.Globalization;
using Hangfire.Storage.Monitoring;

namespace Connector.Jobs.Dashboard;

/// <summary>
/// Which Failed jobs a bulk action means. Every criterion is optional; text criteria are case-insensitive substrings.
/// <see cref="JobType"/> matches the job's <c>Namespace.Type.Method</c> or its display form <c>Type.Method</c>;
/// <see cref="Queue"/> matches the job's queue exactly (<c>default</c> when the job names none);
/// <see cref="ExceptionText"/> matches the exception's type, message or details; the failed-at range is
/// <c>[FailedFrom, FailedTo)</c> in UTC.
/// </summary>
public sealed record FailedJobsFilter(
    string? JobType = null,
    string? Queue = null,
    string? ExceptionText = null,
    DateTime? FailedFrom = null,
    DateTime? FailedTo = null)
{
    /// <summary>The queue Hangfire uses for a job that names none.</summary>
    public const string DefaultQueue = "default";

    /// <summary>The queue <paramref name="job"/> is requeued into.</summary>
    public static string QueueOf(FailedJobDto job) => job.Job?.Queue ?? DefaultQueue;

    /// <summary>True when <paramref name="job"/> is still failed and meets every criterion.</summary>
    public bool Matches(FailedJobDto job)
    {
        if (!job.InFailedState)
        {
            return false;
        }

        if (JobType is { Length: > 0 } type)
        {
            // A job whose type no longer loads has no Job; it can still be found by its stored type name.
            var fullName = job.Job is { } j ? $"{j.Type.FullName}.{j.Method.Name}" : job.InvocationData?.Type + "." + job.InvocationData?.Method;
            var display = job.Job?.ToString() ?? "";
            if (!Contains(fullName, type) && !Contains(display, type))
            {
                return false;
            }
        }

        if (Queue is { Length: > 0 } queue && !string.Equals(QueueOf(job), queue, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (ExceptionText is { Length: > 0 } text
            && !Contains(job.ExceptionType, text) && !Contains(job.ExceptionMessage, text) && !Contains(job.ExceptionDetails, text))
        {
            return false;
        }

        if (FailedFrom is { } from && (job.FailedAt is not { } at1 || at1 < from))
        {
            return false;
        }

        return FailedTo is not { } to || (job.FailedAt is { } at2 && at2 < to);
    }

    /// <summary>A one-line description for the audit and for messages, e.g. <c>type~Order queue=default</c>.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(JobType))
        {
            parts.Add($"type~{JobType}");
        }

        if (!string.IsNullOrEmpty(Queue))
        {
            parts.Add($"queue={Queue}");
        }

        if (!string.IsNullOrEmpty(ExceptionText))
        {
            parts.Add($"exception~{ExceptionText}");
        }

        if (FailedFrom is { } from)
        {
            parts.Add("failed>=" + from.ToString("O", CultureInfo.InvariantCulture));
        }

        if (FailedTo is { } to)
        {
            parts.Add("failed<" + to.ToString("O", CultureInfo.InvariantCulture));
        }

        return parts.Count == 0 ? "all failed jobs" : string.Join(' ', parts);
    }

    private static bool Contains(string? haystack, string needle) => haystack is not null && haystack.Contains(needle, StringComparison.OrdinalIgnoreCase);
}
