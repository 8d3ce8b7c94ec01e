using System.CommandLine;
using Connector.Host;
using Connector.Host.Hosting;

try
{
    return await ConnectorCommandLine.Create().Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (ConnectorConfigurationException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}
