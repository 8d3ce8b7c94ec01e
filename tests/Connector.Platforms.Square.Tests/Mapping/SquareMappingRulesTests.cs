using System.Text.Json;
using Connector.Core.Mappings;
using Connector.Leat.Model;
using Connector.Platforms.Square.Mapping;
using Microsoft.Extensions.Options;

namespace Connector.Platforms.Square.Tests.Mapping;

public sealed class SquareMappingRulesTests
{
    [Fact]
    public void FromJson_uses_the_defaults_when_only_locations_are_given()
    {
        var rules = Read("""{"locations": {"L1": "5c3f1a52-9e1b-4c5e-8f43-0d2a6b7e0001"}, "//": "comment"}""");
        Assert.Equal(["COMPLETED"], rules.SaleStates);
        Assert.Equal(SquareTaxRule.Charge, rules.TaxRule);
        Assert.Equal("Tax", rules.TaxChargeName);
        Assert.Equal("Tip", rules.TipChargeName);
        Assert.Equal("Custom amount", rules.CustomAmountName);
        Assert.Empty(rules.ServiceChargeDefinitions);
    }

    [Fact]
    public void FromJson_reads_every_rule()
    {
        var rules = Read("""
            {"sale_states": ["open", "COMPLETED"], "tax_rule": "Fold", "tax_charge_name": " VAT ", "tip_charge_name": "Fooi",
             "custom_amount_name": "Open amount", "service_charge_definitions": {"Delivery": "SHIPPING"}}
            """);
        Assert.Equal(["COMPLETED", "OPEN"], rules.SaleStates.Order(StringComparer.Ordinal));
        Assert.Equal(SquareTaxRule.Fold, rules.TaxRule);
        Assert.Equal("VAT", rules.TaxChargeName);
        Assert.Equal("Fooi", rules.TipChargeName);
        Assert.Equal("Open amount", rules.CustomAmountName);
        Assert.Equal("SHIPPING", rules.ServiceChargeDefinitions["delivery"]);
    }

    [Theory]
    [InlineData("""{"sale_states": []}""", "square.json: \"sale_states\" must be a non-empty array of Square order states, e.g. [\"COMPLETED\"].")]
    [InlineData("""{"sale_states": ["CANCELED"]}""", "square.json: \"sale_states\" contains \"CANCELED\"; allowed are \"COMPLETED\" and \"OPEN\" (CANCELED and DRAFT orders were never paid).")]
    [InlineData("""{"tax_rule": "split"}""", "square.json: \"tax_rule\" must be \"charge\" (additive taxes as one TAX charge) or \"fold\" (each line carries its own tax), not \"split\".")]
    [InlineData("""{"tip_charge_name": ""}""", "square.json: \"tip_charge_name\" must be a non-empty string, not \"\".")]
    [InlineData("""{"service_charge_definitions": {"Delivery": 3}}""", "square.json: service_charge_definitions.Delivery must be a Leat charge definition external identifier (e.g. \"SERVICE_CHARGE\", \"GRATUITY\", \"SHIPPING\"), not 3.")]
    [InlineData("""{"service_charge_definitions": ["SHIPPING"]}""", "square.json: \"service_charge_definitions\" must be an object of \"<service charge name>\": \"<Leat charge definition>\", e.g. {\"Delivery\": \"SHIPPING\"}.")]
    [InlineData("""{"tax_rules": "fold"}""", "square.json: unknown key \"tax_rules\"; the Square mapping file knows \"locations\", \"sale_states\", \"tax_rule\", \"tax_charge_name\", \"tip_charge_name\", \"custom_amount_name\", \"service_charge_definitions\" (and \"//\" comments).")]
    public void FromJson_names_the_file_and_key_of_a_wrong_value(string json, string message)
    {
        var error = Assert.Throws<MappingException>(() => Read(json));
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("Delivery", "CUSTOM", "SHIPPING")]
    [InlineData(" delivery ", "CUSTOM", "SHIPPING")]
    [InlineData("Auto gratuity", "AUTO_GRATUITY", LeatChargeDefinitions.Gratuity)]
    [InlineData("Packaging", "CUSTOM", LeatChargeDefinitions.ServiceCharge)]
    [InlineData(null, null, LeatChargeDefinitions.ServiceCharge)]
    public void ChargeDefinitionFor_prefers_the_name_override(string? name, string? type, string expected)
    {
        var rules = Read("""{"service_charge_definitions": {"Delivery": "SHIPPING"}}""");
        Assert.Equal(expected, rules.ChargeDefinitionFor(name, type));
    }

    [Fact]
    public void From_reads_the_repository_square_json_with_the_simulator_locations()
    {
        var mappings = new PlatformMappings(Options.Create(new MappingsOptions { Directory = Path.Combine(RepositoryRoot(), "mappings") }));
        var rules = SquareMappingRules.From(mappings);
        Assert.Equal("5c3f1a52-9e1b-4c5e-8f43-0d2a6b7e0001", mappings.ResolveShop("square", "LSANDBOX1"));
        Assert.Equal("5c3f1a52-9e1b-4c5e-8f43-0d2a6b7e0002", mappings.ResolveShop("square", "LSANDBOX2"));
        Assert.Equal(SquareTaxRule.Charge, rules.TaxRule);
        Assert.Equal(["COMPLETED"], rules.SaleStates);
    }

    private static SquareMappingRules Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        return SquareMappingRules.FromJson(document.RootElement.Clone());
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Connector.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Connector.sln was not found above " + AppContext.BaseDirectory);
    }
}
