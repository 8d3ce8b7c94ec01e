using System.Collections.Concurrent;
using System.Reflection;
using Hangfire.Common;

namespace Connector.Jobs;

/// <summary>
/// The job types of this process: each under a stable name (what Hangfire stores instead of the class name, so a
/// renamed or moved class does not strand queued jobs), its queue, and for keyed jobs their kind.
/// </summary>
public sealed class JobRegistry
{
    // Hangfire resolves stored type names through a process-wide function; several hosts in one process (tests)
    // register the same names for the same types, so one process-wide table is what that function can see.
    private static readonly ConcurrentDictionary<string, Type> TypesByName = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<Type, string> NamesByType = new();

    private readonly Dictionary<string, KeyedJobRegistration> _byKind = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, JobRegistration> _byType = [];

    internal JobRegistry(IEnumerable<JobRegistration> registrations)
    {
        foreach (var registration in registrations)
        {
            if (_byType.ContainsKey(registration.JobType))
            {
                throw new InvalidOperationException($"Job type {registration.JobType.Name} is registered twice.");
            }

            _byType[registration.JobType] = registration;
            if (registration is KeyedJobRegistration keyed && !_byKind.TryAdd(keyed.Kind, keyed))
            {
                throw new InvalidOperationException($"Two keyed jobs share the kind '{keyed.Kind}'.");
            }
        }
    }

    /// <summary>Every queue a registered job runs on.</summary>
    public IEnumerable<string> Queues => _byType.Values.Select(r => r.Queue).Distinct(StringComparer.Ordinal);

    /// <summary>The registrations, for the dashboard and the command line.</summary>
    public IEnumerable<JobRegistration> All => _byType.Values;

    /// <summary>The keyed job registered as <paramref name="kind"/>.</summary>
    public KeyedJobRegistration Keyed(string kind) =>
        _byKind.TryGetValue(kind, out var registration) ? registration : throw new InvalidOperationException($"No keyed job is registered as '{kind}'.");

    /// <summary>The registration of <paramref name="type"/>, if any.</summary>
    public JobRegistration? Find(Type? type) => type is not null && _byType.TryGetValue(type, out var registration) ? registration : null;

    /// <summary>The work a job of Hangfire's stands for, when it is a keyed job.</summary>
    public KeyedWork? WorkOf(Job? job) =>
        Find(job?.Type) is KeyedJobRegistration keyed && job!.Args.Count > 0 && job.Args[0] is string id ? new KeyedWork(keyed.Kind, id) : null;

    internal static void RegisterName(string name, Type type)
    {
        if (TypesByName.GetOrAdd(name, type) != type || NamesByType.GetOrAdd(type, name) != name)
        {
            throw new InvalidOperationException($"The job name '{name}' is taken by another type than {type.Name}.");
        }
    }

    /// <summary>For tests of an upgrade: the stored name now resolves to another type (a renamed class).</summary>
    internal static void Rename(string name, Type newType)
    {
        TypesByName[name] = newType;
        NamesByType[newType] = name;
    }

    /// <summary>Hangfire's type serializer: a registered type by its stable name, others by assembly-qualified name.</summary>
    internal static string SerializeType(Type type) =>
        NamesByType.TryGetValue(type, out var name) ? name : TypeHelper.SimpleAssemblyTypeSerializer(type);

    /// <summary>Hangfire's type resolver, the other way round.</summary>
    internal static Type ResolveType(string name) =>
        TypesByName.TryGetValue(name, out var type) ? type : TypeHelper.DefaultTypeResolver(name);

    internal static MethodInfo RunMethod(Type type, Type[] parameters) =>
        type.GetMethod("RunAsync", BindingFlags.Public | BindingFlags.Instance, parameters)
        ?? throw new InvalidOperationException($"{type.Name} has no public RunAsync({string.Join(", ", parameters.Select(p => p.Name))}).");
}

/// <summary>A job type, its stable name and its queue.</summary>
public record JobRegistration(string Name, Type JobType, string Queue);

/// <summary>A keyed job type: requests name it by <paramref name="Kind"/>.</summary>
public sealed record KeyedJobRegistration(string Kind, Type JobType, string Queue) : JobRegistration(Kind, JobType, Queue)
{
    /// <summary>The Hangfire job that runs <paramref name="id"/>.</summary>
    public Job JobFor(string id) =>
        new(JobType, JobRegistry.RunMethod(JobType, [typeof(string), typeof(CancellationToken)]), id, CancellationToken.None);
}

/// <summary>A recurring job type and its schedule.</summary>
public sealed record RecurringJobRegistration(string Id, Type JobType, string Queue, string Cron) : JobRegistration(Id, JobType, Queue)
{
    /// <summary>The Hangfire job the schedule fires.</summary>
    public Job Job => new(JobType, JobRegistry.RunMethod(JobType, [typeof(CancellationToken)]), CancellationToken.None);
}
