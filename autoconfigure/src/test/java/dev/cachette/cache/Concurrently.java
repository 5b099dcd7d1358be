package dev.cachette.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs one task on several threads released together, for the tests that race
 * {@code incr} and {@code add} on one key.
 */
public final class Concurrently {

	private Concurrently() {
	}

	/**
	 * Runs a task on {@code threads} threads that all start at the same moment.
	 * @param threads how many threads
	 * @param timeout how long each may take
	 * @param task the task, given the thread's index
	 * @param <T> the result type
	 * @return the results, in thread order
	 * @throws Exception if a task failed or did not end in time
	 */
	public static <T> List<T> run(int threads, Duration timeout, Task<T> task) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				int thread = i;
				futures.add(executor.submit(() -> {
					start.await();
					return task.run(thread);
				}));
			}
			start.countDown();
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
			}
			return results;
		}
		finally {
			executor.shutdownNow();
		}
	}

	/**
	 * A task run by each thread.
	 *
	 * @param <T> the result type
	 */
	@FunctionalInterface
	public interface Task<T> {

		/**
		 * Runs the task.
		 * @param thread the thread's index, from zero
		 * @return the result
		 * @throws Exception on failure
		 */
		T run(int thread) throws Exception;

	}

}
