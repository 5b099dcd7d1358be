package dev.cachette.cache.backend.locmem;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Reports the CPU time the benchmark JVM spent per operation, all its threads counted:
 * {@code -prof dev.cachette.cache.backend.locmem.CpuTimeProfiler}.
 *
 * <p>
 * Throughput measures wall time, which a busy machine inflates whenever the benchmark
 * thread waits for a core. CPU time does not count that wait, so it still compares the
 * implementations when other processes share the cores. It also charges Caffeine's
 * maintenance to the operation that caused it, whether it ran on the caller (locmem's
 * same-thread executor) or on a {@code ForkJoinPool} thread (raw Caffeine's default).
 */
public class CpuTimeProfiler implements InternalProfiler {

	private final com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	private long start;

	@Override
	public String getDescription() {
		return "CPU time of the benchmark JVM, all threads, per operation";
	}

	@Override
	public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
		this.start = this.os.getProcessCpuTime();
	}

	@Override
	public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
			IterationResult result) {
		long nanos = this.os.getProcessCpuTime() - this.start;
		long ops = result.getMetadata().getAllOps();
		return List.of(new ScalarResult("cpu.time.norm", (ops > 0) ? (double) nanos / ops : Double.NaN, "ns/op",
				AggregationPolicy.AVG));
	}

}
