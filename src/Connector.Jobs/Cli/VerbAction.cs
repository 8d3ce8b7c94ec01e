using System.CommandLine;
using System.CommandLine.Invocation;

namespace Connector.Jobs.Cli;

/// <summary>
/// The action of every verb of the connector's command line (<c>jobs …</c>, a platform's <c>register</c> and
/// <c>backfill</c>). System.CommandLine answers its own parse errors (a bad number, a missing argument) with exit code
/// 1, which the verbs use for "refused or not found"; this action takes those errors over
/// (<see cref="ClearsParseErrors"/>) and answers bad usage — and a <see cref="VerbUsageException"/> — with 2, as
/// documented. Stray tokens, which clearing the errors would let through, are bad usage too. An exception
/// <paramref name="isRefusal"/> accepts (a remote API saying no) is printed as its message with exit code 1; such
/// messages must carry no secret.
/// </summary>
public sealed class VerbAction(Func<Exception, bool> isRefusal, Func<ParseResult, CancellationToken, Task<int>> run) : AsynchronousCommandLineAction
{
    /// <summary>An action whose failures are all the verb's own (exit codes 0 and 1 come from <paramref name="run"/>).</summary>
    public VerbAction(Func<ParseResult, CancellationToken, Task<int>> run)
        : this(static _ => false, run)
    {
    }

    /// <summary>The exit code of a command that did what was asked.</summary>
    public const int Done = 0;

    /// <summary>The exit code of a command that found nothing to act on, or refused to act.</summary>
    public const int RefusedOrNotFound = 1;

    /// <summary>The exit code of a command line that does not say what to do.</summary>
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
            catch (VerbUsageException e)
            {
                problems.Add(e.Message);
            }
            catch (Exception e) when (isRefusal(e))
            {
                await error.WriteLineAsync(e.Message);
                return RefusedOrNotFound;
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
