package dev.cachette.loadtest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Runs client threads against one hot key for a while and measures each request's
 * latency: every thread calls its client in a loop until the end, recording into its own
 * array, merged and sorted at the end (so recording costs no contention).
 */
final class LoadRun {

	private final int threads;

	private final Duration duration;

	LoadRun(int threads, Duration duration) {
		this.threads = threads;
		this.duration = duration;
	}

	/**
	 * Runs the clients.
	 * @param clients gives each thread's request, by thread index
	 * @return the latencies and failures
	 * @throws InterruptedException if interrupted
	 */
	Latencies run(IntFunction<Runnable> clients) throws InterruptedException {
		CountDownLatch start = new CountDownLatch(1);
		AtomicLong failures = new AtomicLong();
		List<long[]> recorded = new ArrayList<>();
		List<Thread> running = new ArrayList<>();
		long[] counts = new long[this.threads];
		for (int i = 0; i < this.threads; i++) {
			int index = i;
			Runnable request = clients.apply(i);
			long[][] mine = { new long[1024] };
			recorded.add(null);
			Thread thread = new Thread(() -> {
				await(start);
				long end = System.nanoTime() + this.duration.toNanos();
				int n = 0;
				for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
					try {
						request.run();
					}
					catch (RuntimeException ex) {
						if (failures.getAndIncrement() == 0) {
							System.err.println("First failed request: " + ex);
						}
					}
					if (n == mine[0].length) {
						mine[0] = Arrays.copyOf(mine[0], n * 2);
					}
					mine[0][n++] = System.nanoTime() - now;
				}
				counts[index] = n;
				synchronized (recorded) {
					recorded.set(index, mine[0]);
				}
			}, "stampede-client-" + i);
			running.add(thread);
			thread.start();
		}
		start.countDown();
		for (Thread thread : running) {
			thread.join();
		}
		long total = Arrays.stream(counts).sum();
		long[] all = new long[(int) total];
		int at = 0;
		synchronized (recorded) {
			for (int i = 0; i < this.threads; i++) {
				System.arraycopy(recorded.get(i), 0, all, at, (int) counts[i]);
				at += (int) counts[i];
			}
		}
		Arrays.sort(all);
		return new Latencies(all, failures.get());
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Sorted request latencies in nanoseconds, and how many requests threw.
	 *
	 * @param sorted the latencies, ascending
	 * @param failures requests that threw
	 */
	record Latencies(long[] sorted, long failures) {

		long requests() {
			return this.sorted.length;
		}

		double percentileMillis(double percentile) {
			if (this.sorted.length == 0) {
				return Double.NaN;
			}
			int index = (int) Math.ceil(percentile / 100 * this.sorted.length) - 1;
			return this.sorted[Math.max(0, Math.min(index, this.sorted.length - 1))] / 1e6;
		}

		double maxMillis() {
			return (this.sorted.length == 0) ? Double.NaN : this.sorted[this.sorted.length - 1] / 1e6;
		}

	}

}
