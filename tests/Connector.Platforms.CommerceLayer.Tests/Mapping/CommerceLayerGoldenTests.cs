using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connector.Core.Mappings;
using Connector.Leat;
using Connector.Leat.Balance;
using Connector.Platforms.CommerceLayer.Client;
using Connector.Platforms.CommerceLayer.Mapping;
using Connector.Platforms.CommerceLayer.Model;
using Microsoft.Extensions.Options;

namespace Connector.Platforms.CommerceLayer.Tests.Mapping;

/// <summary>
/// Golden files: every <c>Golden/commercelayer/&lt;case&gt;/input.json</c> (a Commerce Layer order document with its
/// included returns and refunds, or a <c>"fixture"</c> from Fixtures/shared, and optional commercelayer.json rules) is
/// mapped as the sync job maps it — the sale, each return, each refund, the cancellation of a cancelled order — and
/// compared with <c>expected.json</c> beside it. Shops resolve through the repository's mappings/commercelayer.json.
/// Regenerate with <c>UPDATE_GOLDEN=1 dotnet test tests/Connector.Platforms.CommerceLayer.Tests --filter Golden</c> and
/// review the diff.
/// </summary>
public sealed class CommerceLayerGoldenTests
{
    private static readonly string[] RequiredCases =
    [
        "tax-included-eur", "tax-excluded-usd", "percentage-promotion-attributed", "fixed-amount-promotion-order-level",
        "free-shipping-promotion", "gift-card-redemption", "gift-card-purchase-excluded", "gift-card-purchase-earns",
        "payment-fee-and-adjustments", "bundle-with-options", "unknown-item-type-tolerated", "return-received-partial",
        "return-several-lines-tax-excluded", "return-gift-card-share-added-back", "returns-cancelled-rejected-waiting",
        "refund-without-return-spread", "refund-of-a-return-covered", "cancelled-after-approval", "trigger-placed-not-approved",
        "editing-waits", "total-mismatch-refused", "fixture-order-placed-webhook", "fixture-gift-card-redemption-mock",
    ];

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static TheoryData<string> Cases() => new(CaseNames());

    [Fact]
    public void Golden_folder_holds_every_required_case()
    {
        var present = CaseNames().ToHashSet(StringComparer.Ordinal);
        Assert.Equal([], RequiredCases.Where(c => !present.Contains(c)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Golden_case_maps_to_the_expected_Leat_payloads(string name)
    {
        var actual = Map(name).ToJsonString(Indented) + "\n";
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(SourceFolder(), "Golden", "commercelayer", name, "expected.json"), actual);
            return;
        }

        var expectedPath = Path.Combine(GoldenFolder(), name, "expected.json");
        Assert.True(File.Exists(expectedPath), $"{name}/expected.json is missing; run with UPDATE_GOLDEN=1 and review it.");
        Assert.Equal(File.ReadAllText(expectedPath).ReplaceLineEndings("\n"), actual);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Golden_expected_payloads_balance(string name)
    {
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(GoldenFolder(), name, "expected.json")))!;
        if (expected["sale"] is { } sale)
        {
            Assert.Empty(LeatPayloadBalance.Check(sale.Deserialize(LeatJsonContext.Default.LeatOrderRequest)!).Mismatches);
        }
        else
        {
            Assert.False(string.IsNullOrWhiteSpace((expected["sale_skipped"] ?? expected["sale_waits"] ?? expected["error"])?.GetValue<string>()), $"{name}: no sale and no reason");
        }

        foreach (var part in (expected["follow_ups"]?.AsArray() ?? []).OfType<JsonNode>())
        {
            if (part["spread_amount"] is not null)
            {
                // A spread's preview only names the return; the dispatcher builds its amounts under the ledger's lock.
                Assert.Equal("Send", part["action"]!.GetValue<string>());
            }
            else if (part["return"] is { } returned)
            {
                Assert.Empty(LeatPayloadBalance.Check(returned.Deserialize(LeatJsonContext.Default.LeatOrderReturnRequest)!).Mismatches);
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(part["reason"]?.GetValue<string>()), $"{name}: {part["id"]} is neither sent nor explained");
            }
        }
    }

    private static JsonObject Map(string name)
    {
        var input = JsonNode.Parse(File.ReadAllText(Path.Combine(GoldenFolder(), name, "input.json")))!;
        var document = input["fixture"] is { } fixture
            ? File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "shared", fixture.GetValue<string>()))
            : Encoding.UTF8.GetBytes(input["order"]!.ToJsonString());
        var order = CommerceLayerDocument.ReadOrder(document);
        var rules = input["rules"] is { } r ? CommerceLayerMappingRules.FromJson(JsonDocument.Parse(r.ToJsonString()).RootElement) : CommerceLayerMappingRules.Default;
        var result = new JsonObject();
        if (!CommerceLayerMapper.HasReachedOrderTrigger(order, rules))
        {
            result["sale_waits"] = $"status {order.Status}, payment {order.PaymentStatus}: not at orderTrigger {rules.OrderTrigger}";
            return result;
        }

        CommerceLayerSaleMapping sale;
        try
        {
            sale = CommerceLayerMapper.MapSale(order, CommerceLayerMapper.ResolveShop(order, RepositoryMappings()), rules);
        }
        catch (CommerceLayerMappingException e)
        {
            result["error"] = e.Message;
            return result;
        }

        if (sale.Sale is null)
        {
            result["sale_skipped"] = sale.SkipReason;
            return result;
        }

        result["sale"] = JsonSerializer.SerializeToNode(sale.Sale, LeatJsonContext.Default.LeatOrderRequest);
        var followUps = new JsonArray();
        foreach (var returned in order.Returns)
        {
            followUps.Add(Node(CommerceLayerMapper.MapReturn(returned, order, sale.Sale, rules)));
        }

        foreach (var refund in order.Refunds)
        {
            followUps.Add(Node(CommerceLayerMapper.MapRefund(refund, order, sale.Sale, rules)));
        }

        if (order.Status == CommerceLayerStatuses.Cancelled)
        {
            followUps.Add(Node(CommerceLayerMapper.MapCancellation(order, sale.Sale)));
        }

        if (followUps.Count > 0)
        {
            result["follow_ups"] = followUps;
        }

        return result;
    }

    private static JsonObject Node(CommerceLayerReturnMapping mapping)
    {
        var node = new JsonObject { ["id"] = mapping.ExternalId, ["action"] = mapping.Action.ToString() };
        if (mapping.SpreadAmount > 0)
        {
            node["spread_amount"] = mapping.SpreadAmount;
        }

        if (mapping.Return is not null)
        {
            node["return"] = JsonSerializer.SerializeToNode(mapping.Return, LeatJsonContext.Default.LeatOrderReturnRequest);
        }
        else
        {
            node["reason"] = mapping.Reason;
        }

        return node;
    }

    private static PlatformMappings RepositoryMappings() =>
        new(Options.Create(new MappingsOptions { Directory = Path.Combine(RepositoryRoot(), "mappings") }));

    private static IEnumerable<string> CaseNames() =>
        Directory.GetDirectories(GoldenFolder()).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    private static string GoldenFolder() => Path.Combine(AppContext.BaseDirectory, "Golden", "commercelayer");

    private static string SourceFolder() => Path.Combine(RepositoryRoot(), "tests", "Connector.Platforms.CommerceLayer.Tests");

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Connector.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Connector.sln not found above the test output.");
    }
}
