package dev.cachette.thymeleaf;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Reports CPU time per operation beside the wall-clock score
 * ({@code -prof dev.cachette.thymeleaf.ProcessCpuTimeProfiler}): {@code worker.cpu}, the
 * CPU time of JMH's worker threads alone (the rendering itself), and {@code process.cpu},
 * the whole benchmark JVM's (with the JIT and GC threads). On a shared machine the
 * wall-clock time includes waiting for a core; CPU time does not, so it is the steadier
 * number to compare modes with.
 */
public class ProcessCpuTimeProfiler implements InternalProfiler {

	private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private final Map<Long, Long> workerStart = new HashMap<>();

	private long processStart;

	@Override
	public String getDescription() {
		return "CPU time per operation: JMH worker threads and the whole process";
	}

	@Override
	public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
		this.workerStart.clear();
		workers().forEach(this.workerStart::put);
		this.processStart = processNanos();
	}

	@Override
	public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
			IterationParams iterationParams, IterationResult result) {
		long process = processNanos() - this.processStart;
		long worker = 0;
		for (Map.Entry<Long, Long> entry : workers().entrySet()) {
			worker += entry.getValue() - this.workerStart.getOrDefault(entry.getKey(), 0L);
		}
		double ops = Math.max(1, result.getMetadata().getMeasuredOps());
		return List.of(new ScalarResult("worker.cpu", worker / 1000.0 / ops, "us/op", AggregationPolicy.AVG),
				new ScalarResult("process.cpu", process / 1000.0 / ops, "us/op", AggregationPolicy.AVG));
	}

	private Map<Long, Long> workers() {
		Map<Long, Long> cpu = new HashMap<>();
		for (ThreadInfo info : this.threads.getThreadInfo(this.threads.getAllThreadIds())) {
			if (info != null && info.getThreadName().contains("jmh-worker")) {
				cpu.put(info.getThreadId(), this.threads.getThreadCpuTime(info.getThreadId()));
			}
		}
		return cpu;
	}

	private static long processNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

}
