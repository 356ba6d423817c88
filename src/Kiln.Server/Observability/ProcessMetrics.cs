using System.Diagnostics;
using Kiln.Core.Metrics;

namespace Kiln.Server.Observability;

/// <summary>Process-level gauges read at scrape time: memory, GC and thread pool.</summary>
internal static class ProcessMetrics
{
    public static void Register(MetricsRegistry metrics)
    {
        metrics.ObservableGauge("kiln_process_resident_memory_bytes", "Resident set size of the server process.",
            () => [([], Environment.WorkingSet)]);
        metrics.ObservableGauge("kiln_process_cpu_seconds", "CPU time the server process has used.",
            () => [([], Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds)]);
        metrics.ObservableGauge("kiln_dotnet_gc_collections", "Garbage collections since start, by generation.",
            () => [(["0"], GC.CollectionCount(0)), (["1"], GC.CollectionCount(1)), (["2"], GC.CollectionCount(2))], "generation");
        metrics.ObservableGauge("kiln_dotnet_allocated_bytes", "Bytes allocated on the managed heap since start.",
            () => [([], GC.GetTotalAllocatedBytes())]);
        metrics.ObservableGauge("kiln_dotnet_heap_size_bytes", "Managed heap size after the last collection.",
            () => [([], GC.GetGCMemoryInfo().HeapSizeBytes)]);
        metrics.ObservableGauge("kiln_dotnet_threadpool_threads", "Thread pool threads.",
            () => [([], ThreadPool.ThreadCount)]);
    }
}
