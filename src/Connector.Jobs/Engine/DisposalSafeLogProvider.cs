using Hangfire.Logging;

namespace Connector.Jobs.Engine;

/// <summary>
/// Hangfire's log provider is process-wide: it points at the logger factory of the last host that configured it. When
/// that host is disposed while another one in the same process still runs (tests, the benchmark's survivors), every
/// log call from the other host would throw <see cref="ObjectDisposedException"/> — measured inside a queue fetch,
/// after the fetch committed, so the job was neither run nor requeued. A disposed factory now only loses log lines.
/// </summary>
internal sealed class DisposalSafeLogProvider(ILogProvider inner) : ILogProvider
{
    public ILog GetLogger(string name) => new SafeLog(inner, name);

    private sealed class SafeLog(ILogProvider provider, string name) : ILog
    {
        private ILog? _log;

        public bool Log(LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                _log ??= provider.GetLogger(name);
                return _log.Log(logLevel, messageFunc!, exception!);
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }
}
