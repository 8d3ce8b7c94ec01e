using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connector.Sandbox.NewStore;

/// <summary>
/// A small GraphQL executor for <c>POST /api/v1/org/data/query</c>: parses one query operation (variables, aliases,
/// arguments, nested selections; no fragments or directives), validates it against <see cref="NewStoreGraphQlSchema"/>
/// and answers <c>{"data": …}</c>, or <c>{"errors": [{message, locations}]}</c> the way GraphQL servers do, so a
/// client that asks for a field NewStore does not have fails here.
/// </summary>
internal static class NewStoreGraphQl
{
    /// <summary>Answers a request body; <paramref name="resolve"/> gives the document of a root field (<c>order</c>, <c>return</c>) for an id and tenant, or null.</summary>
    public static NewStoreResponse Execute(string body, Func<string, string, string, JsonObject?> resolve)
    {
        JsonObject request;
        try
        {
            request = JsonNode.Parse(body) as JsonObject ?? throw new GraphQlException("Request body must be a JSON object with a \"query\".", 0, 0);
        }
        catch (JsonException)
        {
            return Errors(new GraphQlException("Request body is not valid JSON.", 0, 0));
        }
        catch (GraphQlException e)
        {
            return Errors(e);
        }

        if (request["query"] is not JsonValue queryValue || !queryValue.TryGetValue<string>(out var query))
        {
            return Errors(new GraphQlException("Must provide query string.", 0, 0));
        }

        var variables = request["variables"] as JsonObject ?? [];
        try
        {
            var operation = new Parser(query).ParseOperation();
            Validate(operation.Selections, "Query");
            var data = new JsonObject();
            foreach (var field in operation.Selections)
            {
                data[field.ResponseName] = field.Name == "__typename" ? "Query" : ResolveRoot(field, operation, variables, resolve);
            }

            return NewStoreResponse.Ok(new JsonObject { ["data"] = data });
        }
        catch (GraphQlException e)
        {
            return Errors(e);
        }
    }

    private static JsonNode? ResolveRoot(Field field, Operation operation, JsonObject variables, Func<string, string, string, JsonObject?> resolve)
    {
        var id = Argument(field, "id", operation, variables);
        var tenant = Argument(field, "tenant", operation, variables);
        var document = resolve(field.Name, id, tenant);
        return document is null ? null : Project(document, field.Selections, NewStoreGraphQlSchema.Types["Query"][field.Name]);
    }

    private static string Argument(Field field, string name, Operation operation, JsonObject variables)
    {
        if (!field.Arguments.TryGetValue(name, out var value))
        {
            throw new GraphQlException($"Field \"{field.Name}\" argument \"{name}\" of type \"String!\" is required, but it was not provided.", field.Line, field.Column);
        }

        if (value is Variable variable)
        {
            if (!operation.Variables.TryGetValue(variable.Name, out var type))
            {
                throw new GraphQlException($"Variable \"${variable.Name}\" is not defined.", field.Line, field.Column);
            }

            if (variables[variable.Name] is JsonValue given && given.TryGetValue<string>(out var text))
            {
                return text;
            }

            throw new GraphQlException($"Variable \"${variable.Name}\" of required type \"{type}\" was not provided.", field.Line, field.Column);
        }

        return value is JsonValue literal && literal.TryGetValue<string>(out var s)
            ? s
            : throw new GraphQlException($"Argument \"{name}\" has invalid value: String cannot represent a non string value.", field.Line, field.Column);
    }

    private static void Validate(List<Field> selections, string type)
    {
        var fields = NewStoreGraphQlSchema.Types[type];
        foreach (var field in selections)
        {
            if (field.Name == "__typename")
            {
                continue;
            }

            if (!fields.TryGetValue(field.Name, out var fieldType))
            {
                throw new GraphQlException($"Cannot query field \"{field.Name}\" on type \"{type}\".", field.Line, field.Column);
            }

            var named = fieldType.Trim('[', ']');
            if (NewStoreGraphQlSchema.Scalars.Contains(named))
            {
                if (field.Selections.Count > 0)
                {
                    throw new GraphQlException($"Field \"{field.Name}\" must not have a selection since type \"{named}\" has no subfields.", field.Line, field.Column);
                }
            }
            else if (field.Selections.Count == 0)
            {
                throw new GraphQlException($"Field \"{field.Name}\" of type \"{fieldType}\" must have a selection of subfields. Did you mean \"{field.Name} {{ ... }}\"?", field.Line, field.Column);
            }
            else
            {
                Validate(field.Selections, named);
            }
        }
    }

    private static JsonObject Project(JsonObject source, List<Field> selections, string type)
    {
        var result = new JsonObject();
        var fields = NewStoreGraphQlSchema.Types[type];
        foreach (var field in selections)
        {
            if (field.Name == "__typename")
            {
                result[field.ResponseName] = type;
                continue;
            }

            var fieldType = fields[field.Name];
            var named = fieldType.Trim('[', ']');
            JsonNode? value;
            if (NewStoreGraphQlSchema.IsConnection(type))
            {
                var nodes = (source["nodes"] as JsonArray ?? []).Select(n => (JsonObject)n!).ToList();
                if (source["first"] is JsonValue first)
                {
                    nodes = [.. nodes.Take(first.GetValue<int>())];
                }

                value = field.Name switch
                {
                    "nodes" => new JsonArray([.. nodes.Select(n => (JsonNode)Project(n, field.Selections, named))]),
                    "edges" => new JsonArray([.. nodes.Select(n => (JsonNode)Project(new JsonObject { ["node"] = n.DeepClone() }, field.Selections, named))]),
                    _ => nodes.Count,
                };
            }
            else
            {
                value = source[field.Name] switch
                {
                    null => null,
                    JsonObject child when NewStoreGraphQlSchema.IsConnection(named) => Project(WithFirst(child, field), field.Selections, named),
                    JsonObject child => Project(child, field.Selections, named),
                    JsonArray list => new JsonArray([.. list.Select(item => item is JsonObject o ? Project(o, field.Selections, named) : item?.DeepClone())]),
                    var scalar => scalar.DeepClone(),
                };
            }

            result[field.ResponseName] = value;
        }

        return result;
    }

    private static JsonObject WithFirst(JsonObject connection, Field field)
    {
        if (field.Arguments.TryGetValue("first", out var first) && first is JsonValue value && value.TryGetValue<long>(out var count) && count >= 0)
        {
            var copy = (JsonObject)connection.DeepClone();
            copy["first"] = (int)Math.Min(count, int.MaxValue);
            return copy;
        }

        return connection;
    }

    private static NewStoreResponse Errors(GraphQlException e)
    {
        var error = new JsonObject { ["message"] = e.Message };
        if (e.Line > 0)
        {
            error["locations"] = new JsonArray(new JsonObject { ["line"] = e.Line, ["column"] = e.Column });
        }

        return new NewStoreResponse(400, new JsonObject { ["errors"] = new JsonArray(error) });
    }

    private sealed class GraphQlException(string message, int line, int column) : Exception(message)
    {
        public int Line { get; } = line;

        public int Column { get; } = column;
    }

    private sealed record Variable(string Name);

    private sealed record Field(string? Alias, string Name, Dictionary<string, object?> Arguments, List<Field> Selections, int Line, int Column)
    {
        public string ResponseName => Alias ?? Name;
    }

    private sealed record Operation(Dictionary<string, string> Variables, List<Field> Selections);

    /// <summary>Recursive descent over GraphQL's executable grammar, the subset above; errors carry line and column.</summary>
    private sealed class Parser(string text)
    {
        private int _at;

        public Operation ParseOperation()
        {
            Skip();
            var variables = new Dictionary<string, string>(StringComparer.Ordinal);
            if (Peek() != '{')
            {
                var (keyword, line, column) = Name();
                if (keyword is "mutation" or "subscription")
                {
                    throw new GraphQlException($"Schema is not configured for {keyword}s.", line, column);
                }

                if (keyword != "query")
                {
                    throw new GraphQlException($"Syntax Error: Unexpected Name \"{keyword}\".", line, column);
                }

                Skip();
                if (IsNameStart(Peek()))
                {
                    Name();
                    Skip();
                }

                if (Peek() == '(')
                {
                    Expect('(');
                    do
                    {
                        Expect('$');
                        var (name, _, _) = Name();
                        Expect(':');
                        variables[name] = TypeReference();
                        Skip();
                        if (Peek() == '=')
                        {
                            Expect('=');
                            Value();
                        }

                        Skip();
                    }
                    while (Peek() != ')');
                    Expect(')');
                }
            }

            var selections = SelectionSet();
            Skip();
            if (_at < text.Length)
            {
                throw Unexpected();
            }

            return new Operation(variables, selections);
        }

        private List<Field> SelectionSet()
        {
            Expect('{');
            var fields = new List<Field>();
            do
            {
                Skip();
                if (Peek() == '.')
                {
                    var (line, column) = Position();
                    throw new GraphQlException("Fragments are not supported by this simulator.", line, column);
                }

                fields.Add(Selection());
                Skip();
            }
            while (Peek() != '}');
            Expect('}');
            return fields;
        }

        private Field Selection()
        {
            var (name, line, column) = Name();
            string? alias = null;
            Skip();
            if (Peek() == ':')
            {
                Expect(':');
                alias = name;
                (name, _, _) = Name();
                Skip();
            }

            var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (Peek() == '(')
            {
                Expect('(');
                do
                {
                    var (argument, _, _) = Name();
                    Expect(':');
                    arguments[argument] = Value();
                    Skip();
                }
                while (Peek() != ')');
                Expect(')');
                Skip();
            }

            return new Field(alias, name, arguments, Peek() == '{' ? SelectionSet() : [], line, column);
        }

        private string TypeReference()
        {
            Skip();
            string type;
            if (Peek() == '[')
            {
                Expect('[');
                type = "[" + TypeReference() + "]";
                Expect(']');
            }
            else
            {
                type = Name().Name;
            }

            Skip();
            if (Peek() == '!')
            {
                Expect('!');
                type += "!";
            }

            return type;
        }

        private object? Value()
        {
            Skip();
            var c = Peek();
            switch (c)
            {
                case '$':
                    Expect('$');
                    return new Variable(Name().Name);
                case '"':
                    return JsonValue.Create(StringLiteral());
                case '[':
                    Expect('[');
                    var list = new JsonArray();
                    Skip();
                    while (Peek() != ']')
                    {
                        list.Add(Value() as JsonNode);
                        Skip();
                    }

                    Expect(']');
                    return list;
                case '{':
                    Expect('{');
                    var obj = new JsonObject();
                    Skip();
                    while (Peek() != '}')
                    {
                        var key = Name().Name;
                        Expect(':');
                        obj[key] = Value() as JsonNode;
                        Skip();
                    }

                    Expect('}');
                    return obj;
            }

            if (c == '-' || char.IsAsciiDigit(c))
            {
                var start = _at++;
                while (_at < text.Length && (char.IsAsciiDigit(text[_at]) || text[_at] is '.' or 'e' or 'E' or '+' or '-'))
                {
                    _at++;
                }

                var number = text[start.._at];
                return long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)
                    ? JsonValue.Create(integer)
                    : JsonValue.Create(decimal.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture));
            }

            var word = Name().Name;
            return word switch
            {
                "true" => JsonValue.Create(true),
                "false" => JsonValue.Create(false),
                "null" => null,
                _ => JsonValue.Create(word),
            };
        }

        private string StringLiteral()
        {
            Expect('"');
            var builder = new StringBuilder();
            while (_at < text.Length && text[_at] != '"')
            {
                if (text[_at] == '\n')
                {
                    break;
                }

                if (text[_at] == '\\' && _at + 1 < text.Length)
                {
                    _at++;
                }

                builder.Append(text[_at++]);
            }

            if (_at >= text.Length || text[_at] != '"')
            {
                var (line, column) = Position();
                throw new GraphQlException("Syntax Error: Unterminated string.", line, column);
            }

            _at++;
            return builder.ToString();
        }

        private (string Name, int Line, int Column) Name()
        {
            Skip();
            var (line, column) = Position();
            if (!IsNameStart(Peek()))
            {
                throw Unexpected("Expected Name, found ");
            }

            var start = _at;
            while (_at < text.Length && (IsNameStart(text[_at]) || char.IsAsciiDigit(text[_at])))
            {
                _at++;
            }

            return (text[start.._at], line, column);
        }

        private void Expect(char c)
        {
            Skip();
            if (Peek() != c)
            {
                throw Unexpected($"Expected \"{c}\", found ");
            }

            _at++;
        }

        private GraphQlException Unexpected(string prefix = "Unexpected ")
        {
            var (line, column) = Position();
            var found = _at >= text.Length ? "<EOF>" : $"\"{text[_at]}\"";
            return new GraphQlException($"Syntax Error: {prefix}{found}.", line, column);
        }

        private char Peek()
        {
            Skip();
            return _at < text.Length ? text[_at] : '\0';
        }

        /// <summary>Whitespace, commas and comments are insignificant in GraphQL.</summary>
        private void Skip()
        {
            while (_at < text.Length)
            {
                if (char.IsWhiteSpace(text[_at]) || text[_at] == ',' || text[_at] == '\uFEFF')
                {
                    _at++;
                }
                else if (text[_at] == '#')
                {
                    while (_at < text.Length && text[_at] != '\n')
                    {
                        _at++;
                    }
                }
                else
                {
                    return;
                }
            }
        }

        private (int Line, int Column) Position()
        {
            var line = 1;
            var lineStart = 0;
            for (var i = 0; i < _at && i < text.Length; i++)
            {
                if (text[i] == '\n')
                {
                    line++;
                    lineStart = i + 1;
                }
            }

            return (line, _at - lineStart + 1);
        }

        private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';
    }
}
