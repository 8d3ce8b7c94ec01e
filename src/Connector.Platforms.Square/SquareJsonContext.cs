using System.Text.Json.Serialization;
using Connector.Platforms.Square.Model;

namespace Connector.Platforms.Square;

/// <summary>
/// The one source-generated JSON context of Connector.Platforms.Square. Reading ignores unknown members (Square adds
/// fields, and its own examples carry undeclared ones such as <c>version</c> on refunds); enum-like values are plain
/// strings so an unknown value never fails a read. Writing omits nulls so optional request fields are absent, not null.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(SquareOrder))]
[JsonSerializable(typeof(SquarePaymentRefund))]
[JsonSerializable(typeof(SquareCustomer))]
[JsonSerializable(typeof(SquareErrorResponse))]
[JsonSerializable(typeof(SquareRetrieveOrderResponse))]
[JsonSerializable(typeof(SquareBatchRetrieveOrdersRequest))]
[JsonSerializable(typeof(SquareBatchRetrieveOrdersResponse))]
[JsonSerializable(typeof(SquareSearchOrdersRequest))]
[JsonSerializable(typeof(SquareSearchOrdersResponse))]
[JsonSerializable(typeof(SquareGetPaymentRefundResponse))]
[JsonSerializable(typeof(SquareListPaymentRefundsResponse))]
[JsonSerializable(typeof(SquareRetrieveCustomerResponse))]
public sealed partial class SquareJsonContext : JsonSerializerContext;
