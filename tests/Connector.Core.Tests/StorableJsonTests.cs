using System.Text;
using Connector.Core.Intake;

namespace Connector.Core.Tests;

public sealed class StorableJsonTests
{
    [Theory]
    [InlineData("""{"event_id":"e","data":{"id":"A\u0000B"}}""", "body has a NUL character (\\u0000) at $.data.id")]
    [InlineData("""{"event_id":"\u0000"}""", "body has a NUL character (\\u0000) at $.event_id")]
    [InlineData("""{"data":{"a\u0000":1}}""", "body has a NUL character (\\u0000) in a property name at $.data")]
    [InlineData("""{"list":[1,"x",{"n":"\ud800"}]}""", "body has a lone surrogate escape (\\ud800) at $.list[2].n")]
    [InlineData("""{"s":"\udc00"}""", "body has a lone surrogate escape (\\udc00) at $.s")]
    [InlineData("""{"s":"\ud800\u0041"}""", "body has a lone surrogate escape (\\ud800) at $.s")]
    [InlineData("""{"s":"\ud800x"}""", "body has a lone surrogate escape (\\ud800) at $.s")]
    [InlineData("""["a",["b","\ud83d"]]""", "body has a lone surrogate escape (\\ud83d) at $[1][1]")]
    [InlineData("""{"x y":{"it's":"\u0000"}}""", "body has a NUL character (\\u0000) at $['x y']['it\\'s']")]
    [InlineData("""{"amount":1e1000000}""", "number 1e1000000 at $.amount is out of jsonb's range (numeric allows 131072 digits before the decimal point and 16383 after it)")]
    [InlineData("""[1e-16384]""", "number 1e-16384 at $[0] is out of jsonb's range (numeric allows 131072 digits before the decimal point and 16383 after it)")]
    [InlineData("""{"event_id":"broken",""", "malformed JSON")]
    [InlineData("", "malformed JSON")]
    [InlineData("""{"s":"\u12"}""", "malformed JSON")]
    [InlineData("""{"s":"\uZZZZ"}""", "malformed JSON")]
    [InlineData("""{"s":"\ud800\u12"}""", "malformed JSON")]
    [InlineData("""{"s":"\ud800\"}""", "malformed JSON")]
    [InlineData("[1e]", "malformed JSON")]
    [InlineData("[01]", "malformed JSON")]
    public void FindProblem_names_the_problem_and_where_it_is_when_jsonb_would_refuse_the_body(string json, string expected)
    {
        Assert.Equal(expected, StorableJson.FindProblem(Encoding.UTF8.GetBytes(json)));
    }

    [Theory]
    [InlineData("""{"s":"\ud83d\ude00 \u00e9 \\u0000 is text","n":[0,-0.5,1e131071,1E+131071,-1e131071,1e-16383,0e1073741822,1.00000e-16378]}""")]
    [InlineData("""{"a\\u0000":"\"\\\/\b\f\n\r\t"}""")]
    [InlineData("""12""")]
    [InlineData("""null""")]
    public void FindProblem_returns_null_when_jsonb_accepts_the_body(string json)
    {
        Assert.Null(StorableJson.FindProblem(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void FindProblem_says_where_the_utf8_breaks_when_the_body_is_not_utf8()
    {
        byte[] body = [.. "{\"s\":\"ab"u8, 0xC3, 0x28, .. "\"}"u8];

        Assert.Equal("body is not valid UTF-8 (at byte 8)", StorableJson.FindProblem(body));
    }

    [Theory]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // an encoded surrogate
    [InlineData(new byte[] { 0xC0, 0xAF })] // an overlong '/'
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })] // past U+10FFFF
    public void FindProblem_refuses_utf8_that_postgresql_refuses_when_it_is_in_a_string(byte[] bad)
    {
        byte[] body = [.. "[\""u8, .. bad, .. "\"]"u8];

        Assert.Equal("body is not valid UTF-8 (at byte 2)", StorableJson.FindProblem(body));
    }

    [Fact]
    public void FindProblem_shortens_a_long_number_in_its_reason()
    {
        var json = "[1" + new string('0', 131072) + "]";

        Assert.Equal(
            "number 1000000000000000000000000000000000000000… at $[0] is out of jsonb's range (numeric allows 131072 digits before the decimal point and 16383 after it)",
            StorableJson.FindProblem(Encoding.UTF8.GetBytes(json)));
    }

    [Theory]
    [InlineData("1e131071", true)]
    [InlineData("1e131072", false)]
    [InlineData("0.00001e131076", true)]
    [InlineData("9999.5e131068", true)]
    [InlineData("9999.5e131069", false)]
    [InlineData("1e-16383", true)]
    [InlineData("1.5e-16383", false)]
    [InlineData("0.0e-16382", true)]
    [InlineData("0.0e-16383", false)]
    [InlineData("0e1000000", true)]
    [InlineData("0e1073741822", true)]
    [InlineData("0e1073741823", false)]
    [InlineData("0e-1073741823", false)]
    [InlineData("0e99999999999999999999999", false)]
    [InlineData("-12.75", true)]
    public void NumericAccepts_follows_postgresql_numeric_limits(string number, bool accepted)
    {
        Assert.Equal(accepted, StorableJson.NumericAccepts(Encoding.ASCII.GetBytes(number)));
    }
}
