using Connector.Core.Mappings;
using Connector.Core.Pipeline;
using Connector.Jobs;
using Connector.Leat.Dispatch;

namespace Connector.Host.Sandbox;

/// <summary>Dispatches sample sale n to Leat.</summary>
internal sealed class SandboxOrderHandler(LeatDispatcher dispatcher, PlatformMappings mappings) : IJobHandler<SandboxSale>
{
    public const string Kind = "sandbox.order";

    public Task HandleAsync(SandboxSale args, JobContext context, CancellationToken cancellationToken) =>
        DispatchFailure.RunAsync(() => dispatcher.DispatchOrderAsync(SandboxOrders.Sale(args.Number, mappings), cancellationToken));
}
