using System.Reflection;
using Connector.Benchmarks;

// Every IBenchmarkSuite in this assembly is a verb: `dotnet run -c Release --project tests/Connector.Benchmarks -- <suite>|all`.
var suites = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IBenchmarkSuite).IsAssignableFrom(t))
    .Select(t => (IBenchmarkSuite)Activator.CreateInstance(t)!)
    .OrderBy(s => s.Name, StringComparer.Ordinal)
    .ToList();

var name = args.FirstOrDefault();
var selected = name == "all" ? suites : suites.Where(s => s.Name == name).ToList();
if (selected.Count == 0)
{
    Console.WriteLine("usage: dotnet run -c Release --project tests/Connector.Benchmarks -- <suite>|all [options]");
    foreach (var suite in suites)
    {
        Console.WriteLine($"  {suite.Name,-12} {suite.Description}");
    }

    return 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
foreach (var suite in selected)
{
    Console.WriteLine($"== {suite.Name}: {suite.Description}");
    await suite.RunAsync(args.Skip(1).ToArray(), cancellation.Token);
}

return 0;
