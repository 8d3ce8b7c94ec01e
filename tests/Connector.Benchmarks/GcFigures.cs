namespace Connector.Benchmarks;

/// <summary>This process's garbage collections so far; the difference of two readings covers what ran between them.</summary>
internal readonly record struct GcFigures(int Gen0, int Gen1, int Gen2, TimeSpan Paused, long HeapBytes)
{
    public static GcFigures Now() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetGCMemoryInfo().HeapSizeBytes);

    /// <summary>Collections and pauses between <paramref name="before"/> and <paramref name="after"/>; the heap size is the later one.</summary>
    public static GcFigures operator -(GcFigures after, GcFigures before) =>
        new(after.Gen0 - before.Gen0, after.Gen1 - before.Gen1, after.Gen2 - before.Gen2, after.Paused - before.Paused, after.HeapBytes);

    public override string ToString() =>
        $"GC {Gen0}/{Gen1}/{Gen2} collections (gen 0/1/2, a higher one counts in the lower), {Paused.TotalMilliseconds:F0} ms paused, heap {HeapBytes / (1024 * 1024)} MB after the last";
}
