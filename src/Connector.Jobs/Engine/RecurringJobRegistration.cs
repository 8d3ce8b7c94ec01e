namespace Connector.Jobs.Engine;

/// <summary>A recurring job declared in DI; the engine upserts it when it starts.</summary>
internal sealed record RecurringJobRegistration(RecurringJobDefinition Definition);
