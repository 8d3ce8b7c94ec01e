using System.Diagnostics;
using System.Reflection;

namespace Connector.Benchmarks;

/// <summary>
/// Starts <see cref="OutsideWorld"/> as a child process and talks to it: one command line, one answer line, one at a
/// time. The child runs workstation GC, so its collections take one core rather than both, at a lower CPU priority.
/// </summary>
internal sealed class OutsideWorldProcess : IAsyncDisposable
{
    /// <summary>The child's scheduling priority (nice value): below the connector's, as on a machine of its own.</summary>
    public const int Niceness = 10;

    private readonly Process _process;
    private readonly SemaphoreSlim _turn = new(1, 1);

    private OutsideWorldProcess(Process process, string[] ready)
    {
        _process = process;
        LeatBaseUrl = ready[0];
        LeatApiToken = ready[1];
        SquareBaseUrl = ready[2];
        SquareAccessToken = ready[3];
        SquareSignatureKey = ready[4];
        NewStoreBaseUrl = ready[5].TrimEnd('/');
        NewStoreTenant = ready[6];
        NewStoreClientId = ready[7];
        NewStoreClientSecret = ready[8];
        CommerceLayerBaseUrl = ready[9].TrimEnd('/');
        CommerceLayerSlug = ready[10];
        CommerceLayerClientId = ready[11];
        CommerceLayerClientSecret = ready[12];
    }

    public string LeatBaseUrl { get; }

    public string LeatApiToken { get; }

    public string SquareBaseUrl { get; }

    public string SquareAccessToken { get; }

    public string SquareSignatureKey { get; }

    public string NewStoreBaseUrl { get; }

    public string NewStoreTenant { get; }

    public string NewStoreClientId { get; }

    public string NewStoreClientSecret { get; }

    public string CommerceLayerBaseUrl { get; }

    public string CommerceLayerSlug { get; }

    public string CommerceLayerClientId { get; }

    public string CommerceLayerClientSecret { get; }

    public static async Task<OutsideWorldProcess> StartAsync(CancellationToken cancellationToken)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("No process path to start the outside world with.");

        // The services it stands for run on other machines and take none of the connector's CPU; here they share the
        // two cores, so they run at a lower priority (nice 10, every thread) and take what the connector leaves.
        var start = new ProcessStartInfo("nice") { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-n");
        start.ArgumentList.Add(Niceness.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add(host);
        if (Path.GetFileName(host) is "dotnet" or "dotnet.exe")
        {
            start.ArgumentList.Add(Assembly.GetExecutingAssembly().Location);
        }

        start.ArgumentList.Add(OutsideWorld.Verb);
        start.Environment["DOTNET_gcServer"] = "0";
        var process = Process.Start(start) ?? throw new InvalidOperationException("The outside world did not start.");
        var ready = await process.StandardOutput.ReadLineAsync(cancellationToken)
            ?? throw new InvalidOperationException("The outside world exited before it was ready.");
        return new OutsideWorldProcess(process, ready.Split(' '));
    }

    /// <summary>Sends one command and returns its answer.</summary>
    public async Task<string> CallAsync(string command, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            await _process.StandardInput.WriteLineAsync(command);
            await _process.StandardInput.FlushAsync(cancellationToken);
            return await _process.StandardOutput.ReadLineAsync(cancellationToken)
                ?? throw new InvalidOperationException($"The outside world exited during '{command.Split(' ')[0]}'.");
        }
        finally
        {
            _turn.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await _process.StandardInput.WriteLineAsync("quit");
            await _process.StandardInput.FlushAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
        _turn.Dispose();
    }
}
