using Hangfire.Logging;

namespace Connector.Jobs.Tests.Dashboard;

/// <summary>
/// Hangfire's log provider is process-wide, and AddHangfire points it at the host's ILoggerFactory; once a test's
/// host is disposed, every other test's Hangfire call would log into that disposed factory and throw. Tests use this
/// provider, which never logs and belongs to no host.
/// </summary>
internal sealed class SilentHangfireLogProvider : ILogProvider
{
    public static readonly SilentHangfireLogProvider Instance = new();

    public ILog GetLogger(string name) => Silent.Log;

    private sealed class Silent : ILog
    {
        public static readonly Silent Log = new();

        bool ILog.Log(LogLevel logLevel, Func<string>? messageFunc, Exception? exception) => false;
    }
}
