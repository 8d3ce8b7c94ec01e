using Connector.Jobs;

namespace Connector.Core.Intake;

/// <summary>A verified webhook event as the platform kit stores it.</summary>
/// <param name="EventId">The platform's id of the delivery's event (deduplication key within the platform).</param>
/// <param name="EventType">The platform's event type or topic (<c>order.updated</c>, <c>orders.place</c>).</param>
/// <param name="AccountId">The merchant, tenant or organisation it came from, when the envelope says.</param>
/// <param name="ObjectType">The type of the object it is about, when the envelope says.</param>
/// <param name="ObjectId">The id of the object it is about, when the envelope says.</param>
/// <param name="Work">The keyed work it requests (null: stored and acknowledged, nothing to sync).</param>
public sealed record IntakeEvent(string EventId, string EventType, string? AccountId, string? ObjectType, string? ObjectId, KeyedWork? Work);
