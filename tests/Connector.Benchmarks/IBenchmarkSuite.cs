namespace Connector.Benchmarks;

/// <summary>One named benchmark suite. It prints its own table of figures to standard output.</summary>
internal interface IBenchmarkSuite
{
    /// <summary>The name given on the command line, e.g. <c>jobs</c> or <c>dispatcher</c>.</summary>
    string Name { get; }

    /// <summary>One line shown in the usage text.</summary>
    string Description { get; }

    Task RunAsync(string[] args, CancellationToken cancellationToken);
}
