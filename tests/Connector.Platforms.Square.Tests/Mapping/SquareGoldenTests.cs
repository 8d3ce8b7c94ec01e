using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connector.Leat;
using Connector.Leat.Balance;
using Connector.Platforms.Square.Mapping;

namespace Connector.Platforms.Square.Tests.Mapping;

/// <summary>
/// Golden files: every <c>Golden/square/&lt;case&gt;.input.json</c> (a Square order, the sales it may reference, the shop
/// and optional square.json rules) is mapped and compared with <c>&lt;case&gt;.expected.json</c>. Regenerate with
/// <c>UPDATE_GOLDEN=1 dotnet test tests/Connector.Platforms.Square.Tests --filter Golden</c> and review the diff.
/// </summary>
public sealed class SquareGoldenTests
{
    /// <summary>The cases the issue asks for; a missing file fails <see cref="Golden_folder_holds_every_required_case"/>.</summary>
    private static readonly string[] RequiredCases =
    [
        "plain-sale", "open-order-not-synced", "modifiers", "line-discount", "order-discount", "percentage-vs-fixed", "inclusive-tax",
        "additive-tax-charge", "additive-tax-fold", "service-charges", "tip", "fractional-quantity", "jpy", "custom-amount-line",
        "sale-with-everything", "sale-with-everything-fold", "itemized-return", "partial-return", "return-with-everything",
        "return-with-everything-fold", "amount-only-refund", "amount-only-return-amounts", "unlinked-return", "exchange",
        "shared-sale-order", "shared-return-order", "return-taxes-omitted-line-tax", "return-taxes-omitted-line-tax-fold",
        "return-taxes-omitted-no-line-tax", "return-taxes-omitted-no-line-tax-fold",
    ];

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        // Golden files are read by people: keep "–" and "¥" as they are.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static TheoryData<string> Cases() => new(CaseNames());

    [Fact]
    public void Golden_folder_holds_every_required_case()
    {
        var present = CaseNames().ToHashSet(StringComparer.Ordinal);
        Assert.Equal([], RequiredCases.Where(c => !present.Contains(c)));
    }

    private static IEnumerable<string> CaseNames() =>
        Directory.GetFiles(GoldenFolder(AppContext.BaseDirectory), "*.input.json")
            .Select(f => Path.GetFileName(f)[..^".input.json".Length])
            .Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Golden_case_maps_to_the_expected_Leat_payloads(string name)
    {
        var actual = Map(name).ToJsonString(Indented) + "\n";
        var expectedPath = Path.Combine(GoldenFolder(AppContext.BaseDirectory), name + ".expected.json");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(GoldenFolder(SourceFolder()), name + ".expected.json"), actual);
            return;
        }

        Assert.True(File.Exists(expectedPath), $"{name}.expected.json is missing; run with UPDATE_GOLDEN=1 and review it.");
        Assert.Equal(File.ReadAllText(expectedPath).ReplaceLineEndings("\n"), actual);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Golden_expected_payloads_balance(string name)
    {
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(GoldenFolder(AppContext.BaseDirectory), name + ".expected.json")))!;
        if (expected["sale"] is { } saleNode)
        {
            var sale = saleNode.Deserialize(LeatJsonContext.Default.LeatOrderRequest)!;
            Assert.Empty(LeatPayloadBalance.Check(sale).Mismatches);
        }

        foreach (var result in expected["returns"]?.AsArray() ?? [])
        {
            if (result!["return"] is { } returnNode)
            {
                var orderReturn = returnNode.Deserialize(LeatJsonContext.Default.LeatOrderReturnRequest)!;
                Assert.Empty(LeatPayloadBalance.Check(orderReturn).Mismatches);
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(result["skipped"]?.GetValue<string>()), $"{name}: a return is neither mapped nor skipped with a reason");
            }
        }
    }

    private static JsonObject Map(string name)
    {
        var input = JsonNode.Parse(File.ReadAllText(Path.Combine(GoldenFolder(AppContext.BaseDirectory), name + ".input.json")))!;
        var order = input["order"].Deserialize(SquareJsonContext.Default.SquareOrder)!;
        var sales = (input["sales"]?.AsArray() ?? []).Select(s => s.Deserialize(SquareJsonContext.Default.SquareOrder)!).ToDictionary(s => s.Id!);
        var rules = input["rules"] is { } rulesNode
            ? SquareMappingRules.FromJson(JsonSerializer.Deserialize(rulesNode.ToJsonString(), GoldenJsonContext.Default.JsonElement), name)
            : SquareMappingRules.Default;
        var shop = input["shop"]?.GetValue<string>() ?? "5c3f1a52-9e1b-4c5e-8f43-0d2a6b7e0001";

        var output = new JsonObject { ["sale_to_sync"] = SquareOrderMapper.IsSaleToSync(order, rules) };
        if (SquareOrderMapper.IsSaleToSync(order, rules))
        {
            var sale = SquareOrderMapper.MapSale(order, shop, rules);
            output["sale"] = JsonSerializer.SerializeToNode(sale, LeatJsonContext.Default.LeatOrderRequest);
        }

        if (SquareOrderMapper.IsReturnOrder(order))
        {
            var returns = new JsonArray();
            foreach (var mapping in SquareOrderMapper.MapReturns(order, id => sales.GetValueOrDefault(id), rules))
            {
                var result = mapping.Return is { } request
                    ? new JsonObject { ["return"] = JsonSerializer.SerializeToNode(request, LeatJsonContext.Default.LeatOrderReturnRequest) }
                    : new JsonObject { ["skipped"] = mapping.SkipReason };
                if (mapping.SpreadAmount > 0)
                {
                    // The amount the dispatcher spreads again over what remains; "return" shows it on a fresh sale.
                    result["spread_amount"] = mapping.SpreadAmount;
                }

                returns.Add(result);
            }

            output["returns"] = returns;
        }

        return output;
    }

    private static string GoldenFolder(string root) => Path.Combine(root, "Golden", "square");

    private static string SourceFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Connector.Platforms.Square.Tests.csproj")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The test project folder was not found above " + AppContext.BaseDirectory);
    }
}
