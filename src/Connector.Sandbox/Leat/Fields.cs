using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Connector.Sandbox.Leat;

/// <summary>
/// Laravel-style field rules over a <see cref="JsonElement"/>, reporting with Laravel's messages. JSON <c>null</c> counts as
/// absent (Laravel's <c>nullable</c>), so a required field that is null is "required".
/// </summary>
internal static partial class Fields
{
    public static JsonElement? Get(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    public static string? String(JsonElement parent, string name, string key, bool required, ValidationErrors errors)
    {
        var value = Get(parent, name);
        if (value is null)
        {
            Required(key, required, errors);
            return null;
        }

        if (value.Value.ValueKind != JsonValueKind.String)
        {
            errors.Add(key, $"The {key} field must be a string.");
            return null;
        }

        var text = value.Value.GetString()!;
        if (text.Trim().Length == 0)
        {
            // Laravel trims input and turns "" into null before validating.
            Required(key, required, errors);
            return null;
        }

        return text;
    }

    /// <summary>Money: a JSON integer in minor units, never negative (3450, not 34.5 or "3450").</summary>
    public static long? Amount(JsonElement parent, string name, string key, bool required, ValidationErrors errors)
    {
        var value = Get(parent, name);
        if (value is null)
        {
            Required(key, required, errors);
            return null;
        }

        if (value.Value.ValueKind != JsonValueKind.Number || !value.Value.TryGetInt64(out var amount))
        {
            errors.Add(key, $"The {key} field must be an integer.");
            return null;
        }

        if (amount < 0)
        {
            errors.Add(key, $"The {key} field must be at least 0.");
            return null;
        }

        return amount;
    }

    /// <summary>A JSON number (fractional allowed: 1.5 kg); orders need &gt; 0, returns ≥ 0.</summary>
    public static decimal? Quantity(JsonElement parent, string name, string key, bool required, bool allowZero, ValidationErrors errors)
    {
        var number = Number(parent, name, key, required, errors);
        if (number is null)
        {
            return null;
        }

        if (allowZero ? number < 0 : number <= 0)
        {
            errors.Add(key, allowZero ? $"The {key} field must be at least 0." : $"The {key} field must be greater than 0.");
            return null;
        }

        return number;
    }

    public static decimal? Number(JsonElement parent, string name, string key, bool required, ValidationErrors errors)
    {
        var value = Get(parent, name);
        if (value is null)
        {
            Required(key, required, errors);
            return null;
        }

        if (value.Value.ValueKind != JsonValueKind.Number || !value.Value.TryGetDecimal(out var number))
        {
            errors.Add(key, $"The {key} field must be a number.");
            return null;
        }

        return number;
    }

    public static string? Enum(JsonElement parent, string name, string key, bool required, IReadOnlyCollection<string> allowed, ValidationErrors errors)
    {
        var text = String(parent, name, key, required, errors);
        if (text is not null && !allowed.Contains(text))
        {
            errors.Add(key, $"The selected {key} is invalid.");
            return null;
        }

        return text;
    }

    public static JsonElement? Object(JsonElement parent, string name, string key, bool required, ValidationErrors errors)
    {
        var value = Get(parent, name);
        if (value is null)
        {
            Required(key, required, errors);
            return null;
        }

        if (value.Value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(key, $"The {key} field must be an object.");
            return null;
        }

        return value;
    }

    /// <summary>The object items of an array field with their dotted keys; non-object items are reported and skipped.</summary>
    public static List<(string Key, JsonElement Item)> Array(JsonElement parent, string name, string key, bool required, ValidationErrors errors)
    {
        var items = new List<(string, JsonElement)>();
        var value = Get(parent, name);
        if (value is null)
        {
            Required(key, required, errors);
            return items;
        }

        if (value.Value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(key, $"The {key} field must be an array.");
            return items;
        }

        if (required && value.Value.GetArrayLength() == 0)
        {
            Required(key, required, errors);
            return items;
        }

        var index = 0;
        foreach (var item in value.Value.EnumerateArray())
        {
            var itemKey = key + "." + index.ToString(CultureInfo.InvariantCulture);
            if (item.ValueKind == JsonValueKind.Object)
            {
                items.Add((itemKey, item));
            }
            else
            {
                errors.Add(itemKey, $"The {itemKey} field must be an object.");
            }

            index++;
        }

        return items;
    }

    public static void Currency(JsonElement parent, string key, ValidationErrors errors)
    {
        var currency = String(parent, "currency", key, required: false, errors);
        if (currency is not null && !CurrencyPattern().IsMatch(currency))
        {
            errors.Add(key, $"The {key} field format is invalid.");
        }
    }

    public static void Date(JsonElement parent, string name, ValidationErrors errors)
    {
        var text = String(parent, name, name, required: false, errors);
        if (text is not null && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
        {
            errors.Add(name, $"The {name} field must be a valid date.");
        }
    }

    public static bool IsEmail(string email) => EmailPattern().IsMatch(email);

    private static void Required(string key, bool required, ValidationErrors errors)
    {
        if (required)
        {
            errors.Add(key, $"The {key} field is required.");
        }
    }

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}
