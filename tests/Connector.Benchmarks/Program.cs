using System.Diagnostics;
using System.Reflection;
using Connector.Benchmarks;

// Figures are for steady state. With the runtime's default call-counting delay, tiered compilation on 2 busy cores
// was still recompiling thousands of hot methods after minutes of warm-up, inside the measured windows; with no delay
// hot methods reach their final tier during the warm-up. The knob is read at start-up only, so set it and run again.
const string CallCountingDelay = "DOTNET_TC_CallCountingDelayMs";
if (Environment.GetEnvironmentVariable(CallCountingDelay) is null && Environment.ProcessPath is { } host)
{
    var start = new ProcessStartInfo(host) { UseShellExecute = false };
    if (Path.GetFileName(host) is "dotnet" or "dotnet.exe")
    {
        // Started as `dotnet Connector.Benchmarks.dll`, not through the app host.
        start.ArgumentList.Add(Assembly.GetExecutingAssembly().Location);
    }

    foreach (var arg in args)
    {
        start.ArgumentList.Add(arg);
    }

    start.Environment[CallCountingDelay] = "0";
    using var child = Process.Start(start)!;
    await child.WaitForExitAsync();
    return child.ExitCode;
}

if (args.FirstOrDefault() == OutsideWorld.Verb)
{
    return await OutsideWorld.RunAsync(Console.In, Console.Out);
}

if (args.FirstOrDefault() == JobsInstance.Verb)
{
    return await JobsInstance.RunAsync(args[1..]);
}

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
