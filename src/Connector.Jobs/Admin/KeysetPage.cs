namespace Connector.Jobs.Admin;

/// <summary>
/// One page of a newest-first list. <see cref="NextBefore"/> is the id to pass as <c>before</c> for the
/// next page, or null on the last page. Keyset (not offset) paging keeps deep pages as cheap as the first.
/// </summary>
public sealed record KeysetPage<T>(IReadOnlyList<T> Items, long? NextBefore);
