using Connector.Core.Mappings;
using Connector.Core.Pipeline;
using Connector.Jobs;
using Connector.Leat.Dispatch;

namespace Connector.Host.Sandbox;

/// <summary>Dispatches the return of sample sale n (sending the sale first if it has not reached Leat).</summary>
internal sealed class SandboxReturnHandler(LeatDispatcher dispatcher, PlatformMappings mappings) : IJobHandler<SandboxSale>
{
    public const string Kind = "sandbox.return";

    public Task HandleAsync(SandboxSale args, JobContext context, CancellationToken cancellationToken) =>
        DispatchFailure.RunAsync(() => dispatcher.DispatchReturnAsync(SandboxOrders.Return(args.Number, mappings), cancellationToken));
}
