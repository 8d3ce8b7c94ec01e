using NCrontab;

namespace Connector.Jobs.Engine;

/// <summary>Cron parsing: five fields, or six with seconds first. All slots are in UTC.</summary>
internal static class CronSchedule
{
    public static CrontabSchedule Parse(string cron)
    {
        var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return CrontabSchedule.Parse(cron, new CrontabSchedule.ParseOptions { IncludingSeconds = fields == 6 });
    }

    public static DateTimeOffset NextAfter(string cron, DateTimeOffset after)
    {
        var next = Parse(cron).GetNextOccurrence(after.UtcDateTime);
        return new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc));
    }
}
