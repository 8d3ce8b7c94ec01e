using System.Runtime.CompilerServices;
using System.Text.Json;
using Connector.Leat.Balance;

namespace Connector.Leat.Tests.Balance;

/// <summary>
/// Every <c>Golden/balance/&lt;case&gt;.json</c> payload is checked and its mismatch list compared with
/// <c>&lt;case&gt;.expected.txt</c> (one mismatch per line, empty when balanced). Files named <c>return-*</c> are
/// order returns. Regenerate with <c>UPDATE_GOLDEN=1 dotnet test tests/Connector.Leat.Tests --filter Golden</c>
/// and review the diff.
/// </summary>
public sealed class BalanceGoldenTests
{
    private const string Folder = "Golden/balance";

    public static TheoryData<string> Cases() => new(CaseNames());

    private static List<string> CaseNames() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, Folder), "*.json")
            .Select(file => Path.GetFileNameWithoutExtension(file))
            .Order(StringComparer.Ordinal)
            .ToList();

    [Fact]
    public void Golden_folder_holds_balanced_and_unbalanced_cases()
    {
        var cases = CaseNames();
        Assert.Contains("docs-example-raw", cases);
        Assert.Contains("docs-example-balanced", cases);
        Assert.True(cases.Count >= 20, $"only {cases.Count} golden cases found");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Golden_balance_report_matches_expected_mismatches(string name)
    {
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, Folder, name + ".json"));
        var report = name.StartsWith("return-", StringComparison.Ordinal)
            ? LeatPayloadBalance.Check(JsonSerializer.Deserialize(json, LeatJsonContext.Default.LeatOrderReturnRequest)!)
            : LeatPayloadBalance.Check(JsonSerializer.Deserialize(json, LeatJsonContext.Default.LeatOrderRequest)!);
        var actual = string.Concat(report.Mismatches.Select(m => m + "\n"));

        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(SourceFolder(), name + ".expected.txt"), actual);
            return;
        }

        var expectedPath = Path.Combine(AppContext.BaseDirectory, Folder, name + ".expected.txt");
        Assert.True(File.Exists(expectedPath), $"{name}.expected.txt is missing; run with UPDATE_GOLDEN=1 and review it.");
        Assert.Equal(File.ReadAllText(expectedPath).ReplaceLineEndings("\n"), actual);
        Assert.Equal(actual.Length == 0, report.IsBalanced);
    }

    private static string SourceFolder([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "Golden", "balance");
}
