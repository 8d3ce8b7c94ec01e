using System.CommandLine;
using System.CommandLine.Invocation;
using Connector.Platforms.NewStore.Client;

namespace Connector.Platforms.NewStore.Cli;

/// <summary>
/// The action of the NewStore verbs. Exit codes: 0 done, 1 NewStore refused or failed, 2 bad usage (System.CommandLine
/// would answer its own parse errors with 1, so this action takes them over, as the <c>jobs</c> verbs do). A
/// <see cref="NewStoreApiException"/> is printed as its message (never with a secret: the client's messages carry
/// none).
/// </summary>
internal sealed class NewStoreCommandAction(Func<ParseResult, CancellationToken, Task<int>> run) : AsynchronousCommandLineAction
{
    public const int Done = 0;
    public const int Failed = 1;
    public const int BadUsage = 2;

    public override bool ClearsParseErrors => true;

    public override bool Terminating => true;

    public override async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken = default)
    {
        var error = parseResult.InvocationConfiguration.Error;
        var problems = parseResult.Errors.Select(e => e.Message)
            .Concat(parseResult.UnmatchedTokens.Select(t => $"Unrecognized argument '{t}'."))
            .ToList();
        if (problems.Count == 0)
        {
            try
            {
                return await run(parseResult, cancellationToken);
            }
            catch (NewStoreUsageException e)
            {
                problems.Add(e.Message);
            }
            catch (NewStoreApiException e)
            {
                await error.WriteLineAsync(e.Message);
                return Failed;
            }
        }

        foreach (var problem in problems)
        {
            await error.WriteLineAsync(problem);
        }

        await error.WriteLineAsync($"See '{CommandPath(parseResult.CommandResult.Command)} --help'.");
        return BadUsage;
    }

    private static string CommandPath(Command command) =>
        command.Parents.OfType<Command>().FirstOrDefault(p => p is not RootCommand) is { } parent ? $"{CommandPath(parent)} {command.Name}" : command.Name;
}

/// <summary>A NewStore command line that parses but cannot run (exit code 2): missing configuration, a bad window.</summary>
internal sealed class NewStoreUsageException(string message) : Exception(message);
