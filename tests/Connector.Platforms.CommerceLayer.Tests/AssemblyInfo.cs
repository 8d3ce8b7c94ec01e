// Test classes here start Hangfire servers, and Hangfire keeps process-wide state that one process normally holds
// once: its log provider (guarded against a disposed host since the benchmark found fetches failing on it) and
// Hangfire.PostgreSql's wake-up registry, whose signals a server of another class can take. The classes of this
// assembly therefore run one after another, as production runs one server per process.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
