using Microsoft.Extensions.Options;

namespace Connector.Platforms.Square.Webhooks;

/// <summary>Stops the service at start, naming the key, when the webhook retention settings cannot work.</summary>
internal sealed class SquareWebhookRetentionOptionsValidator : IValidateOptions<SquareOptions>
{
    public ValidateOptionsResult Validate(string? name, SquareOptions options)
    {
        var failures = new List<string>();

        // Zero or negative would delete each event as soon as its job finishes, leaving ops nothing to investigate.
        if (options.InboxRetention <= TimeSpan.Zero)
        {
            failures.Add($"Square:InboxRetention must be positive (e.g. 30.00:00:00 for 30 days), got {options.InboxRetention}.");
        }

        if (options.RejectionRetention <= TimeSpan.Zero)
        {
            failures.Add($"Square:RejectionRetention must be positive (e.g. 30.00:00:00 for 30 days), got {options.RejectionRetention}.");
        }

        if (options.RetentionBatchSize <= 0)
        {
            failures.Add($"Square:RetentionBatchSize must be at least 1, got {options.RetentionBatchSize}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
