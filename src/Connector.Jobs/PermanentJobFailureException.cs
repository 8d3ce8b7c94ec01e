namespace Connector.Jobs;

/// <summary>Thrown by a job when retrying cannot help (e.g. a 422): the job goes straight to Failed, with this message.</summary>
public sealed class PermanentJobFailureException : Exception
{
    public PermanentJobFailureException()
    {
    }

    public PermanentJobFailureException(string message)
        : base(message)
    {
    }

    public PermanentJobFailureException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
