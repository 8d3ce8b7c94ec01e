namespace Connector.Sandbox.Leat;

/// <summary>A shop (Leat "business profile") the fake knows; orders must name one by <c>business_profile.uuid</c>.</summary>
/// <param name="Uuid">The shop uuid, used as <c>business_profile.uuid</c>.</param>
/// <param name="Name">Display name.</param>
/// <param name="Type">Leat v3 shop type, <c>physical</c> or <c>web</c> in the docs' examples.</param>
/// <param name="Reference">Optional merchant reference.</param>
public sealed record LeatFakeShop(string Uuid, string Name, string Type = "physical", string? Reference = null);
