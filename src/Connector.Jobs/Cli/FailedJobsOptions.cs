using System.CommandLine;
using System.Globalization;
using Connector.Jobs.Dashboard;

namespace Connector.Jobs.Cli;

/// <summary>
/// The bulk options of <c>jobs retry</c> and <c>jobs delete</c>: <c>--failed</c> and the filter the dashboard's bulk page
/// also offers. Dates are read here, not by System.CommandLine, so a bad one is bad usage with a message that says
/// which form is expected.
/// </summary>
internal sealed class FailedJobsOptions
{
    public Option<bool> Failed { get; } = new("--failed") { Description = "Act on every failed job matching the filters (count first, then run in batches, audited)." };

    public Option<string> Type { get; } = new("--type") { Description = "Job type or method contains this text (e.g. SquareOrderSyncJob)." };

    public Option<string> Queue { get; } = new("--queue") { Description = "The job's queue, exactly (e.g. square)." };

    public Option<string> Error { get; } = new("--error") { Description = "The exception's type, message or details contain this text." };

    public Option<string> From { get; } = new("--from") { Description = "Failed at or after this time (ISO 8601, UTC unless it names an offset)." };

    public Option<string> To { get; } = new("--to") { Description = "Failed before this time (ISO 8601, UTC unless it names an offset)." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Failed, Type, Queue, Error, From, To })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>True when any filter option was given (they mean nothing without <c>--failed</c>).</summary>
    public bool AnyFilter(ParseResult parse) =>
        new[] { Type, Queue, Error, From, To }.Any(o => parse.GetResult(o) is { Implicit: false });

    /// <summary>The filter the options describe.</summary>
    public FailedJobsFilter Filter(ParseResult parse)
    {
        var from = Time(parse, From);
        var to = Time(parse, To);
        if (from is { } f && to is { } t && f >= t)
        {
            throw new VerbUsageException("--from must be before --to.");
        }

        return new FailedJobsFilter(Text(parse, Type), Text(parse, Queue), Text(parse, Error), from, to);
    }

    private static string? Text(ParseResult parse, Option<string> option) => parse.GetValue(option) is { Length: > 0 } text ? text : null;

    private static DateTime? Time(ParseResult parse, Option<string> option)
    {
        if (parse.GetValue(option) is not { Length: > 0 } text)
        {
            return null;
        }

        return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new VerbUsageException($"{option.Name}: '{text}' is not a date and time; use ISO 8601, e.g. 2026-12-01T08:00:00Z.");
    }
}
