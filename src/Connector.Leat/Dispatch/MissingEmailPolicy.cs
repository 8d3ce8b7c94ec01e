namespace Connector.Leat.Dispatch;

/// <summary>Policy for orders whose customer has no email (Leat orders need a contact).</summary>
public enum MissingEmailPolicy
{
    /// <summary>Record the order as skipped, with the reason, and send nothing.</summary>
    Skip,

    /// <summary>Book the order on <see cref="DispatchOptions.FallbackContactUuid"/>.</summary>
    Fallback,
}
