// The dashboard page tests start a host with a Hangfire server. Hangfire.PostgreSql wakes workers through a
// process-wide registry (one storage per process is its assumption, as in production), so servers of parallel test
// classes in one process take each other's wake-up signals; the classes of this assembly run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
