using System.Net;
using System.Net.Sockets;

namespace Connector.Leat.Tests.Client;

/// <summary>
/// A loopback socket that accepts each connection, reads the request and closes the connection without answering:
/// a connection dropped after the request left. WireMock.Net's faults cannot do this — its <c>EMPTY_RESPONSE</c> and
/// <c>MALFORMED_RESPONSE_CHUNK</c> still send a complete answer (an empty or a garbled 200).
/// </summary>
internal sealed class DroppingListener : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private int connections;

    public DroppingListener()
    {
        listener.Start();
        _ = AcceptAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";

    /// <summary>Connections accepted, each with a request read and then dropped.</summary>
    public int Connections => Volatile.Read(ref connections);

    public void Dispose()
    {
        stopping.Cancel();
        listener.Stop();
        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                using var socket = await listener.AcceptSocketAsync(stopping.Token);
                await socket.ReceiveAsync(new byte[16 * 1024], SocketFlags.None, stopping.Token);
                Interlocked.Increment(ref connections);
                socket.Close();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }
}
