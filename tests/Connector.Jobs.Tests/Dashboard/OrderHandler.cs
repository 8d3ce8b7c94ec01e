using System.Text.Json.Serialization;

namespace Connector.Jobs.Tests.Dashboard;

public sealed record TestOrderArgs([property: JsonPropertyName("order")] string Order);

/// <summary>Lets a test decide whether the handler fails (permanently, with an error text full of markup) or succeeds.</summary>
public sealed class HandlerSwitch
{
    private volatile bool _fail = true;

    public bool Fail
    {
        get => _fail;
        set => _fail = value;
    }

    public TaskCompletionSource<long> Succeeded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

internal sealed class OrderHandler(HandlerSwitch handlerSwitch) : IJobHandler<TestOrderArgs>
{
    public const string Kind = "test.order";

    public Task HandleAsync(TestOrderArgs args, JobContext context, CancellationToken cancellationToken)
    {
        if (handlerSwitch.Fail)
        {
            // Error texts are untrusted: the dashboard must show this as text, never as markup.
            throw new PermanentJobFailureException($"Leat answered 422: <script>alert('x')</script> for {args.Order}");
        }

        handlerSwitch.Succeeded.TrySetResult(context.JobId);
        return Task.CompletedTask;
    }
}
