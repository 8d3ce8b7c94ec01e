Console.WriteLine("usage: dotnet run -c Release --project tests/Connector.Benchmarks -- <suite>");
return 2;
