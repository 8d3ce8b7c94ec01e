using Connector.Host;

return await ConnectorCommandLine.Create().Parse(args).InvokeAsync();
