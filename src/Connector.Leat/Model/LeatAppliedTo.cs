namespace Connector.Leat.Model;

/// <summary>Applied discount <c>applied_to</c> values.</summary>
public static class LeatAppliedTo
{
    public const string Order = "ORDER";

    public const string OrderLines = "ORDER_LINES";
}
