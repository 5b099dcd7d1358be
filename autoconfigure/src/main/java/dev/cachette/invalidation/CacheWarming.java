package dev.cachette.invalidation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

import dev.cachette.cache.resilience.BackgroundWork;

/**
 * Runs the {@link CacheWarmer} beans once the application is ready
 * ({@link ApplicationReadyEvent}), one after the other on a thread of its own, so startup
 * and the first requests never wait for them. Each warmer's progress ({@code n/total})
 * and time are logged; a failing warmer is logged and the others still run. Turned off
 * with {@code cachette.warming.enabled=false}.
 */
public final class CacheWarming implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {

	private static final Log logger = LogFactory.getLog(CacheWarming.class);

	private final Map<String, CacheWarmer> warmers;

	private final WarmingContext context;

	private final ExecutorService executor = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "cachette-warming");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicBoolean started = new AtomicBoolean();

	private final AtomicInteger failures = new AtomicInteger();

	private final CompletableFuture<Void> completion = new CompletableFuture<>();

	/**
	 * Creates the runner.
	 * @param warmers the warmers by name (the bean names), in the order to run them
	 * @param context what the warmers are given
	 */
	public CacheWarming(Map<String, CacheWarmer> warmers, WarmingContext context) {
		this.warmers = new LinkedHashMap<>(warmers);
		this.context = context;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		// Each child context publishes its own ready event: warm once.
		if (this.started.compareAndSet(false, true)) {
			// Background work: the warmers' calls get each alias's background-timeout.
			this.executor.execute(() -> BackgroundWork.run(this::warmAll));
		}
	}

	private void warmAll() {
		long start = System.nanoTime();
		int total = this.warmers.size();
		int n = 0;
		for (Map.Entry<String, CacheWarmer> warmer : this.warmers.entrySet()) {
			n++;
			long warmerStart = System.nanoTime();
			try {
				warmer.getValue().warm(this.context);
				logger.info("Cache warming " + n + "/" + total + ": '" + warmer.getKey() + "' done in "
						+ millis(warmerStart) + " ms");
			}
			catch (Exception ex) {
				this.failures.incrementAndGet();
				logger.warn("Cache warming " + n + "/" + total + ": '" + warmer.getKey() + "' failed after "
						+ millis(warmerStart) + " ms", ex);
			}
		}
		logger.info("Cache warming finished: " + total + " warmer(s), " + this.failures.get() + " failed, in "
				+ millis(start) + " ms");
		this.completion.complete(null);
	}

	private static long millis(long startNanos) {
		return (System.nanoTime() - startNanos) / 1_000_000;
	}

	/**
	 * Completes when every warmer has run (successfully or not).
	 * @return the completion
	 */
	public CompletableFuture<Void> completion() {
		return this.completion;
	}

	/**
	 * How many warmers failed so far.
	 * @return the number of failures
	 */
	public int failures() {
		return this.failures.get();
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

}
