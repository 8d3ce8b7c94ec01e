using Connector.Leat.Client;

namespace Connector.Leat.Tests.Client;

public sealed class LeatApiExceptionTests
{
    [Fact]
    public void Message_names_status_code_message_and_field_errors()
    {
        var error = new LeatApiException(422, 1003, "The given data was invalid.",
            new Dictionary<string, IReadOnlyList<string>> { ["line_items.0.price"] = ["The line_items.0.price field is required."] });

        Assert.Equal("Leat answered 422 (code 1003): The given data was invalid. line_items.0.price: The line_items.0.price field is required.", error.Message);
        Assert.False(error.IsTransient);
        Assert.False(error.MayHaveTakenEffect);
    }

    [Theory]
    [InlineData(400, false, false)]
    [InlineData(401, false, false)]
    [InlineData(403, false, false)]
    [InlineData(404, false, false)]
    [InlineData(409, false, false)]
    [InlineData(422, false, false)]
    [InlineData(408, true, false)]
    [InlineData(429, true, false)]
    [InlineData(500, true, true)]
    [InlineData(502, true, true)]
    [InlineData(503, true, false)]
    [InlineData(504, true, true)]
    public void Status_is_classified_transient_or_permanent(int status, bool transient, bool mayHaveTakenEffect)
    {
        var error = new LeatApiException(status, null, "x");

        Assert.Equal(transient, error.IsTransient);
        Assert.Equal(mayHaveTakenEffect, error.MayHaveTakenEffect);
    }

    [Fact]
    public void No_answer_is_transient_and_may_have_taken_effect_by_default()
    {
        var error = new LeatApiException(null, null, "POST orders: no answer within 30 s");

        Assert.Equal("Leat call failed without an answer: POST orders: no answer within 30 s", error.Message);
        Assert.True(error.IsTransient);
        Assert.True(error.MayHaveTakenEffect);
    }

    [Theory]
    [InlineData(422, "external_identifier", "The external identifier has already been taken.", true)]
    [InlineData(422, "order.external_identifier", "Already exists", true)]
    [InlineData(422, "external_identifier", "The external identifier field is required.", false)]
    [InlineData(422, "line_items.0.external_identifier", "Must be a string.", false)]
    [InlineData(409, "external_identifier", "has already been taken", false)]
    public void IsDuplicateExternalIdentifier_recognises_Laravel_unique_wording(int status, string field, string message, bool duplicate)
    {
        var error = new LeatApiException(status, 1003, "The given data was invalid.",
            new Dictionary<string, IReadOnlyList<string>> { [field] = [message] });

        Assert.Equal(duplicate, error.IsDuplicateExternalIdentifier);
    }
}
