using System.Globalization;
using System.Net;
using System.Text;
using Connector.Sandbox.Leat;

namespace Connector.Host.Sandbox;

/// <summary>
/// <c>/sandbox/leat</c>: what the Leat fake holds, as a page a person reads — orders, returns and contact balances,
/// each external id (and email) linking to the dashboard's Search so the connector's side is one click away.
/// Every value is HTML-encoded: the fake stores whatever the connector sent.
/// </summary>
internal static class SandboxLeatPage
{
    public static string Render(LeatFake fake, string searchPath)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Leat fake · Returns Connector sandbox</title>")
            .Append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}")
            .Append("th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left}td.n{text-align:right}code{font-size:.95em}</style></head><body>")
            .Append("<h1>Leat fake</h1><p>What the sandbox's Leat has received. Each id links to the connector's Search; ")
            .Append("the same data as JSON: <a href=\"/sandbox/leat.json\">/sandbox/leat.json</a>.</p>");

        var orders = fake.Orders.Values.OrderBy(o => o.ExternalIdentifier, StringComparer.Ordinal).ToList();
        html.Append(CultureInfo.InvariantCulture, $"<h2 id=\"orders\">Orders ({orders.Count})</h2>");
        html.Append("<table id=\"orders-table\"><thead><tr><th>External id</th><th>Leat uuid</th><th>Contact</th><th>Points basis</th><th>Points awarded</th><th>Points reversed</th></tr></thead><tbody>");
        foreach (var order in orders)
        {
            html.Append("<tr><td>").Append(SearchLink(searchPath, order.ExternalIdentifier)).Append("</td><td><code>").Append(Encode(order.Uuid))
                .Append("</code></td><td><code>").Append(Encode(order.ContactUuid)).Append("</code></td>")
                .Append(Number(order.PointsBasis)).Append(Number(order.PointsAwarded)).Append(Number(order.PointsReversed)).Append("</tr>");
        }

        var returns = fake.Returns.Values.OrderBy(r => r.ExternalIdentifier, StringComparer.Ordinal).ToList();
        html.Append(CultureInfo.InvariantCulture, $"</tbody></table><h2 id=\"returns\">Returns ({returns.Count})</h2>");
        html.Append("<table id=\"returns-table\"><thead><tr><th>External id</th><th>Order</th><th>Returned basis</th><th>Points reversed</th></tr></thead><tbody>");
        foreach (var leatReturn in returns)
        {
            html.Append("<tr><td>").Append(SearchLink(searchPath, leatReturn.ExternalIdentifier)).Append("</td><td>")
                .Append(SearchLink(searchPath, leatReturn.OrderExternalIdentifier)).Append("</td>")
                .Append(Number(leatReturn.ReturnedBasis)).Append(Number(leatReturn.PointsReversed)).Append("</tr>");
        }

        var contacts = fake.Contacts.OrderBy(c => c.Email, StringComparer.Ordinal).ToList();
        html.Append(CultureInfo.InvariantCulture, $"</tbody></table><h2 id=\"contacts\">Contacts ({contacts.Count})</h2>");
        html.Append("<table id=\"contacts-table\"><thead><tr><th>Email</th><th>Contact uuid</th><th>Balance</th></tr></thead><tbody>");
        foreach (var contact in contacts)
        {
            html.Append("<tr><td>").Append(SearchLink(searchPath, contact.Email)).Append("</td><td><code>").Append(Encode(contact.Uuid))
                .Append("</code></td>").Append(Number(fake.ContactBalance(contact.Uuid))).Append("</tr>");
        }

        return html.Append("</tbody></table></body></html>").ToString();
    }

    private static string SearchLink(string searchPath, string term) =>
        $"<a href=\"{Encode($"{searchPath}?q={Uri.EscapeDataString(term)}")}\">{Encode(term)}</a>";

    private static string Number(long value) => $"<td class=\"n\">{value.ToString(CultureInfo.InvariantCulture)}</td>";

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
