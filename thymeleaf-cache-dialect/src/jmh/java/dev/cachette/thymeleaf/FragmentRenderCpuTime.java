package dev.cachette.thymeleaf;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link FragmentRenderBenchmark}'s three modes measured by the rendering thread's own
 * CPU time, interleaved round by round, for a machine shared with other work, where
 * JMH's wall-clock times mostly measure the wait for a core. Prints the median, minimum
 * and maximum per render over 8 rounds after 4 warm-up rounds.
 *
 * <pre class="code">
 * ./mvnw -q -Pjmh -pl thymeleaf-cache-dialect -am test-compile -DskipTests
 * ./mvnw -q -Pjmh -pl thymeleaf-cache-dialect exec:exec -Dexec.executable=java \
 *     -Dexec.classpathScope=test -Dexec.args="-cp %classpath dev.cachette.thymeleaf.FragmentRenderCpuTime"
 * </pre>
 */
public final class FragmentRenderCpuTime {

	private FragmentRenderCpuTime() {
	}

	public static void main(String[] args) {
		String[] modes = { "uncached", "hit", "miss" };
		Map<String, FragmentRenderBenchmark> benchmarks = new LinkedHashMap<>();
		for (String mode : modes) {
			FragmentRenderBenchmark benchmark = new FragmentRenderBenchmark();
			benchmark.mode = mode;
			benchmark.setUp();
			benchmarks.put(mode, benchmark);
		}
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		Map<String, List<Double>> micros = new LinkedHashMap<>();
		for (int round = 0; round < 12; round++) {
			for (String mode : modes) {
				FragmentRenderBenchmark benchmark = benchmarks.get(mode);
				int renders = mode.equals("hit") ? 2000 : 100;
				long start = threads.getCurrentThreadCpuTime();
				for (int i = 0; i < renders; i++) {
					benchmark.render();
				}
				double perRender = (threads.getCurrentThreadCpuTime() - start) / 1000.0 / renders;
				if (round >= 4) {
					micros.computeIfAbsent(mode, (key) -> new ArrayList<>()).add(perRender);
				}
			}
		}
		micros.forEach((mode, values) -> {
			Collections.sort(values);
			System.out.printf("%-8s median %8.1f us  min %8.1f  max %8.1f  (thread CPU per render)%n", mode,
					values.get(values.size() / 2), values.get(0), values.get(values.size() - 1));
		});
	}

}
