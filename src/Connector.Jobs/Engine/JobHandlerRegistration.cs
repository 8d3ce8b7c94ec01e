using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Jobs.Engine;

/// <summary>One kind's handler: how to read its JSON arguments and call it inside a DI scope.</summary>
internal sealed class JobHandlerRegistration(string kind, Type handlerType, Func<IServiceProvider, string, JobContext, CancellationToken, Task> invoke)
{
    public string Kind { get; } = kind;

    public Type HandlerType { get; } = handlerType;

    public Task InvokeAsync(IServiceProvider services, string argsJson, JobContext context, CancellationToken cancellationToken) =>
        invoke(services, argsJson, context, cancellationToken);

    public static JobHandlerRegistration Create<THandler, TArgs>(string kind, JsonTypeInfo<TArgs>? typeInfo)
        where THandler : class, IJobHandler<TArgs> =>
        new(kind, typeof(THandler), async (services, json, context, cancellationToken) =>
        {
            TArgs? args;
            try
            {
                args = typeInfo is null
                    ? JsonSerializer.Deserialize<TArgs>(json, JobJson.Options)
                    : JsonSerializer.Deserialize(json, typeInfo);
            }
            catch (Exception e) when (e is JsonException or NotSupportedException)
            {
                throw new JobArgumentsException($"The arguments of job kind '{kind}' cannot be read as {typeof(TArgs).Name}: {e.Message}", e);
            }

            if (args is null)
            {
                throw new JobArgumentsException($"The arguments of job kind '{kind}' are null.", null);
            }

            await services.GetRequiredService<THandler>().HandleAsync(args, context, cancellationToken);
        });
}
