namespace Connector.Jobs;

/// <summary>Recurring polls as Hangfire cron schedules.</summary>
public static class PollSchedule
{
    /// <summary>The cron schedule (with seconds) that fires every <paramref name="interval"/>.</summary>
    /// <exception cref="ArgumentException">The interval does not divide a minute or an hour evenly; the message names <paramref name="key"/>.</exception>
    public static string CronFor(TimeSpan interval, string key)
    {
        var seconds = (int)interval.TotalSeconds;
        return seconds switch
        {
            _ when interval.Ticks % TimeSpan.TicksPerSecond != 0 || seconds <= 0 => Invalid(interval, key),
            < 60 when 60 % seconds == 0 => $"*/{seconds} * * * * *",
            _ when seconds % 60 == 0 && seconds / 60 < 60 && 60 % (seconds / 60) == 0 => $"0 */{seconds / 60} * * * *",
            3600 => "0 0 * * * *",
            _ => Invalid(interval, key),
        };
    }

    private static string Invalid(TimeSpan interval, string key) =>
        throw new ArgumentException($"{key} {interval} must divide a minute (e.g. 00:00:15) or an hour (e.g. 00:05:00) evenly, or be 01:00:00.");
}
