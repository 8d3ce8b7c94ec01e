using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Connector.Jobs.Tests.Dashboard;

/// <summary>
/// Test-only: a request carrying <see cref="Header"/> is made to look as if it came from 203.0.113.5 (TEST-NET-3),
/// exactly as a forwarded-headers middleware would set it behind a proxy, so "remote" can be tested on loopback.
/// </summary>
internal sealed class RemoteAddressStartupFilter : IStartupFilter
{
    public const string Header = "X-Test-Remote";

    public static readonly IPAddress RemoteAddress = IPAddress.Parse("203.0.113.5");

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Request.Headers.ContainsKey(Header))
            {
                context.Connection.RemoteIpAddress = RemoteAddress;
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}
