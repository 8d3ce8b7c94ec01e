using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connector.Leat;
using Connector.Leat.Balance;
using Connector.Leat.Model;
using Connector.Platforms.NewStore.Mapping;

namespace Connector.Platforms.NewStore.Tests.Mapping;

/// <summary>
/// Golden files: every <c>Golden/newstore/&lt;case&gt;/input.json</c> (a NewStore order, the items cancelled before the
/// sale reached Leat, the follow-up events, optional newstore.json rules) is mapped as the sync jobs map it and compared
/// with <c>expected.json</c> beside it. An event's payload may come from <c>Fixtures/shared</c> (<c>"fixture"</c>).
/// Regenerate with <c>UPDATE_GOLDEN=1 dotnet test tests/Connector.Platforms.NewStore.Tests --filter Golden</c> and
/// review the diff.
/// </summary>
public sealed class NewStoreGoldenTests
{
    /// <summary>The cases the spec asks for; a missing folder fails <see cref="Golden_folder_holds_every_required_case"/>.</summary>
    private static readonly string[] RequiredCases =
    [
        "tax-excluded-usd", "tax-included-eur", "multi-unit-sku", "item-order-discounts-coupon", "shipping", "anonymous-pos",
        "historical-skipped", "channel-filtered", "full-return", "partial-return", "shipping-refunded", "return-fee-kept",
        "lowest-remaining-after-appeasement", "blind-return-skipped", "historical-return-skipped", "cancellation-before-sale",
        "cancellation-after-sale", "order-cancelled-after-sale", "appeasement-spread", "appeasement-ignored", "capped-to-nothing-skipped",
        "exchange", "order-cancelled-before-sale", "grand-total-mismatch", "sub-minor-refused", "tax-included-mismatch",
        "fixture-order-opened-store", "fixture-order-opened-web", "fixture-return-gbp", "fixture-partial-return-usd",
        "fixture-appeasement", "fixture-cancellations",
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
            File.WriteAllText(Path.Combine(GoldenFolder(SourceFolder()), name, "expected.json"), actual);
            return;
        }

        var expectedPath = Path.Combine(GoldenFolder(AppContext.BaseDirectory), name, "expected.json");
        Assert.True(File.Exists(expectedPath), $"{name}/expected.json is missing; run with UPDATE_GOLDEN=1 and review it.");
        Assert.Equal(File.ReadAllText(expectedPath).ReplaceLineEndings("\n"), actual);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Golden_expected_payloads_balance(string name)
    {
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(GoldenFolder(AppContext.BaseDirectory), name, "expected.json")))!;
        if (expected["sale"] is { } saleNode)
        {
            Assert.Empty(LeatPayloadBalance.Check(saleNode.Deserialize(LeatJsonContext.Default.LeatOrderRequest)!).Mismatches);
        }
        else if (expected["sale_skipped"] is not null || expected["error"] is not null)
        {
            Assert.False(string.IsNullOrWhiteSpace((expected["sale_skipped"] ?? expected["error"])!.GetValue<string>()), $"{name}: the sale is skipped or refused without a reason");
        }

        foreach (var result in expected["events"]?.AsArray() ?? [])
        {
            if (result!["return"] is { } returnNode)
            {
                Assert.Empty(LeatPayloadBalance.Check(returnNode.Deserialize(LeatJsonContext.Default.LeatOrderReturnRequest)!).Mismatches);
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace((result["skipped"] ?? result["error"])?.GetValue<string>()), $"{name}: an event is neither mapped nor skipped nor refused with a reason");
            }
        }
    }

    private static IEnumerable<string> CaseNames() =>
        Directory.GetDirectories(GoldenFolder(AppContext.BaseDirectory))
            .Where(d => File.Exists(Path.Combine(d, "input.json")))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal);

    private static JsonObject Map(string name)
    {
        var input = JsonNode.Parse(File.ReadAllText(Path.Combine(GoldenFolder(AppContext.BaseDirectory), name, "input.json")))!;
        var rules = input["rules"] is { } rulesNode ? NewStoreMappingRules.FromJson(Element(rulesNode), name) : NewStoreMappingRules.Default;
        var shop = input["shop"]?.GetValue<string>() ?? "5c3f1a52-9e1b-4c5e-8f43-0d2a6b7e0101";
        var order = (input["order"] ?? FixturePayload(input["order_fixture"]?.GetValue<string>())) is { } orderNode
            ? Element(orderNode).Deserialize(NewStoreJsonContext.Default.NewStoreOrder)
            : null;
        var cancelled = (input["cancelled_before_sale"]?.AsArray() ?? []).Select(n => n!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);

        var output = new JsonObject();
        LeatOrderRequest? sale = null;
        if (order is not null)
        {
            try
            {
                var mapping = NewStoreMapper.MapSale(order, shop, rules, cancelled);
                sale = mapping.Sale;
                if (sale is null)
                {
                    output["sale_skipped"] = mapping.SkipReason;
                }
                else
                {
                    output["sale"] = JsonSerializer.SerializeToNode(sale, LeatJsonContext.Default.LeatOrderRequest);
                    output["customer_email"] = string.IsNullOrWhiteSpace(order.CustomerEmail) ? null : order.CustomerEmail;
                }
            }
            catch (NewStoreMappingException e)
            {
                output["error"] = e.Message;
            }
        }

        var events = new JsonArray();
        foreach (var evt in input["events"]?.AsArray() ?? [])
        {
            var eventName = evt!["name"]!.GetValue<string>();
            var payload = evt["payload"] ?? FixturePayload(evt["fixture"]?.GetValue<string>())!;
            var result = new JsonObject { ["name"] = eventName };
            try
            {
                var mapping = NewStoreEventMapper.Map(eventName, Element(payload), sale, order, rules);
                result["external_identifier"] = mapping.ExternalId;
                if (mapping.Return is { } request)
                {
                    result["return"] = JsonSerializer.SerializeToNode(request, LeatJsonContext.Default.LeatOrderReturnRequest);
                    if (mapping.SpreadAmount > 0)
                    {
                        // The amount the dispatcher spreads again over what remains; "return" shows it on a fresh sale.
                        result["spread_amount"] = mapping.SpreadAmount;
                    }
                }
                else
                {
                    result["skipped"] = mapping.SkipReason;
                }
            }
            catch (NewStoreMappingException e)
            {
                result["error"] = e.Message;
            }

            events.Add(result);
        }

        if (events.Count > 0)
        {
            output["events"] = events;
        }

        return output;
    }

    /// <summary>The payload inside a shared fixture: an envelope's <c>payload</c>, a wrapped <c>event</c>'s, a re-wrapped <c>order</c>, or the file itself.</summary>
    private static JsonNode? FixturePayload(string? file)
    {
        if (file is null)
        {
            return null;
        }

        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "shared", file)))!;
        return root["event"]?["payload"] ?? root["payload"] ?? root["order"] ?? root;
    }

    private static JsonElement Element(JsonNode node) => JsonDocument.Parse(node.ToJsonString()).RootElement.Clone();

    private static string GoldenFolder(string root) => Path.Combine(root, "Golden", "newstore");

    private static string SourceFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Connector.Platforms.NewStore.Tests.csproj")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The test project folder was not found above " + AppContext.BaseDirectory);
    }
}
