using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Connector.Core.Intake;

/// <summary>
/// Whether a JSON body can be stored in a PostgreSQL <c>jsonb</c> column (UTF-8 database), decided before it is
/// sent: a refused value fails the statement at Bind, which is a 500 for the sender and, with auto-prepared
/// statements, has been seen to break the pooled connection for the next request. Checked against PostgreSQL 15:
/// <list type="bullet">
/// <item>the text must be valid UTF-8 (no overlong forms, no encoded surrogates, nothing past U+10FFFF);</item>
/// <item>no <c>\u0000</c> escape, in a value or a property name ("unsupported Unicode escape sequence");</item>
/// <item>a <c>\uD800</c>–<c>\uDBFF</c> escape must be followed at once by a <c>\uDC00</c>–<c>\uDFFF</c> escape, and a low
/// surrogate escape must not stand alone ("invalid input syntax for type json");</item>
/// <item>every number must fit <c>numeric</c>: at most 131072 digits before the decimal point (a leading digit at
/// 10^131071 at most) and 16383 after it, counting the fraction's trailing zeros and the exponent; an exponent
/// of ±1073741823 or beyond is refused even for zero ("value overflows numeric format").</item>
/// </list>
/// Nesting deeper than 64 levels is refused as malformed, like the envelope parser does, although PostgreSQL would
/// accept it.
/// </summary>
public static class StorableJson
{
    /// <summary>PostgreSQL's <c>NUMERIC_DSCALE_MAX</c>: digits after the decimal point.</summary>
    public const int MaxFractionDigits = 0x3FFF;

    /// <summary>The largest power of ten a numeric's leading digit may have: weight ≤ 32767 base-10000 digits.</summary>
    public const int MaxDecimalExponent = (4 * 32768) - 1;

    // set_var_from_str refuses |exponent| ≥ INT_MAX / 2 before looking at the digits.
    private const long MaxAbsoluteExponent = (int.MaxValue / 2) - 1;

    private const int MaxQuotedLength = 40;

    /// <summary>
    /// Returns a short reason why <paramref name="utf8Json"/> cannot be stored as <c>jsonb</c> (with the JSON path of
    /// the offending value), or null when it can.
    /// </summary>
    public static string? FindProblem(ReadOnlySpan<byte> utf8Json)
    {
        if (!Utf8.IsValid(utf8Json))
        {
            return $"body is not valid UTF-8 (at byte {InvalidUtf8Offset(utf8Json).ToString(CultureInfo.InvariantCulture)})";
        }

        var path = new JsonPath();
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        path.Enter(reader.TokenType == JsonTokenType.StartArray);
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        path.Leave();
                        break;
                    case JsonTokenType.PropertyName:
                        if (reader.ValueIsEscaped && EscapeProblem(reader.ValueSpan) is { } nameProblem)
                        {
                            return $"body has {nameProblem} in a property name at {path}";
                        }

                        path.Name(reader.GetString()!);
                        break;
                    case JsonTokenType.String:
                        path.Value();
                        if (reader.ValueIsEscaped && EscapeProblem(reader.ValueSpan) is { } stringProblem)
                        {
                            return $"body has {stringProblem} at {path}";
                        }

                        break;
                    case JsonTokenType.Number:
                        path.Value();
                        if (!NumericAccepts(reader.ValueSpan))
                        {
                            return $"number {Quote(Encoding.UTF8.GetString(reader.ValueSpan))} at {path} is out of jsonb's range " +
                                   $"(numeric allows 131072 digits before the decimal point and {MaxFractionDigits} after it)";
                        }

                        break;
                    default:
                        path.Value();
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return "malformed JSON";
        }

        return null;
    }

    /// <summary>Whether PostgreSQL's <c>numeric</c> accepts <paramref name="number"/>, a number token of valid JSON.</summary>
    public static bool NumericAccepts(ReadOnlySpan<byte> number)
    {
        var i = number.Length > 0 && number[0] == '-' ? 1 : 0;
        var integerStart = i;
        while (i < number.Length && IsDigit(number[i]))
        {
            i++;
        }

        var integerDigits = number[integerStart..i];
        var fractionDigits = ReadOnlySpan<byte>.Empty;
        if (i < number.Length && number[i] == '.')
        {
            var fractionStart = ++i;
            while (i < number.Length && IsDigit(number[i]))
            {
                i++;
            }

            fractionDigits = number[fractionStart..i];
        }

        long exponent = 0;
        if (i < number.Length && (number[i] | 0x20) == 'e')
        {
            i++;
            var negative = i < number.Length && number[i] == '-';
            if (i < number.Length && (number[i] == '-' || number[i] == '+'))
            {
                i++;
            }

            // Saturates: anything past the limit is refused whatever its exact value.
            for (; i < number.Length && exponent <= MaxAbsoluteExponent; i++)
            {
                exponent = (exponent * 10) + (number[i] - '0');
            }

            exponent = negative ? -exponent : exponent;
        }

        if (exponent > MaxAbsoluteExponent || exponent < -MaxAbsoluteExponent)
        {
            return false;
        }

        if (Math.Max(0, fractionDigits.Length - exponent) > MaxFractionDigits)
        {
            return false;
        }

        // The power of ten of the leading non-zero digit; zero has weight 0 and always fits.
        var leading = integerDigits.IndexOfAnyExcept((byte)'0');
        long power;
        if (leading >= 0)
        {
            power = integerDigits.Length - 1 - leading;
        }
        else
        {
            var inFraction = fractionDigits.IndexOfAnyExcept((byte)'0');
            if (inFraction < 0)
            {
                return true;
            }

            power = -1 - inFraction;
        }

        return power + exponent <= MaxDecimalExponent;
    }

    /// <summary>What jsonb refuses among the escapes of a raw (still escaped) string token, or null.</summary>
    private static string? EscapeProblem(ReadOnlySpan<byte> raw)
    {
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '\\')
            {
                continue;
            }

            i++;
            if (raw[i] != 'u')
            {
                continue;
            }

            var unit = Hex(raw.Slice(i + 1, 4));
            i += 4;
            if (unit == 0)
            {
                return "a NUL character (\\u0000)";
            }

            if (unit is >= 0xDC00 and <= 0xDFFF)
            {
                return $"a lone surrogate escape (\\u{unit:x4})";
            }

            if (unit is >= 0xD800 and <= 0xDBFF)
            {
                var next = raw[(i + 1)..];
                if (next.Length < 6 || next[0] != '\\' || next[1] != 'u' || Hex(next.Slice(2, 4)) is < 0xDC00 or > 0xDFFF)
                {
                    return $"a lone surrogate escape (\\u{unit:x4})";
                }

                i += 6;
            }
        }

        return null;
    }

    private static int Hex(ReadOnlySpan<byte> digits) => int.Parse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static int InvalidUtf8Offset(ReadOnlySpan<byte> text)
    {
        var offset = 0;
        while (offset < text.Length && Rune.DecodeFromUtf8(text[offset..], out _, out var consumed) == System.Buffers.OperationStatus.Done)
        {
            offset += consumed;
        }

        return offset;
    }

    /// <summary>Text for a reason: short, and with nothing that would not print or store (the reason is recorded).</summary>
    internal static string Quote(string text)
    {
        var builder = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (builder.Length >= MaxQuotedLength)
            {
                return builder.Append('…').ToString();
            }

            if (rune.Value is >= 0x20 and < 0x7F)
            {
                builder.Append((char)rune.Value);
            }
            else
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{rune.Value:x4}");
            }
        }

        return builder.ToString();
    }

    /// <summary>The JSONPath of the token being read, e.g. <c>$.data.object['x y'][3]</c>.</summary>
    private sealed class JsonPath
    {
        private readonly List<(bool IsArray, int Index, string? Name)> _levels = [];

        public void Enter(bool isArray)
        {
            Value();
            _levels.Add((isArray, -1, null));
        }

        public void Leave()
        {
            _levels.RemoveAt(_levels.Count - 1);
        }

        // Escapes are checked before, so unescaping the name cannot meet a lone surrogate.
        public void Name(string name) => _levels[^1] = (false, -1, name);

        /// <summary>A value starts: in an array it is the next element.</summary>
        public void Value()
        {
            if (_levels.Count > 0 && _levels[^1].IsArray)
            {
                var level = _levels[^1];
                _levels[^1] = level with { Index = level.Index + 1 };
            }
        }

        public override string ToString()
        {
            var text = new StringBuilder("$");
            foreach (var (isArray, index, name) in _levels)
            {
                if (isArray)
                {
                    if (index >= 0)
                    {
                        text.Append(CultureInfo.InvariantCulture, $"[{index}]");
                    }
                }
                else if (name is not null)
                {
                    if (name.Length is > 0 and <= MaxQuotedLength && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(name[0]))
                    {
                        text.Append('.').Append(name);
                    }
                    else
                    {
                        text.Append("['").Append(Quote(name).Replace("'", "\\'", StringComparison.Ordinal)).Append("']");
                    }
                }
            }

            return text.ToString();
        }
    }
}
