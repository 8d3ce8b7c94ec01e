namespace Connector.Jobs;

/// <summary>One business object to (re)sync: a registered job kind and the platform's id.</summary>
/// <param name="Kind">The kind the job was registered under, e.g. <c>square:order</c>.</param>
/// <param name="Id">The platform's id of the object.</param>
public sealed record KeyedWork(string Kind, string Id)
{
    /// <summary>The business key, <c>&lt;kind&gt;:&lt;id&gt;</c> (e.g. <c>square:order:ORD123</c>): what Search and the CLI find it by.</summary>
    public string Key => Kind + ":" + Id;
}
