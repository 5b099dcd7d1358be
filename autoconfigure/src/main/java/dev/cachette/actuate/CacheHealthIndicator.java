package dev.cachette.actuate;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.cachette.cache.BaseCache;
import dev.cachette.cache.Cache;

/**
 * The health of one alias: a timed {@link BaseCache#ping() ping} of its backend (one
 * presence check of a reserved key, which a backend may replace by its server's own
 * {@code PING}). UP with the round-trip time when it answers within the timeout; DOWN
 * with the error, or {@code timeout}, when it does not. The ping bypasses
 * {@code ignore-exceptions}, so an alias that hides failures from the application still
 * shows them here. A cache that does not extend {@code BaseCache} is checked with
 * {@link Cache#hasKey}.
 */
public class CacheHealthIndicator implements HealthIndicator {

	private static final Executor PINGS = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "cachette-health");
		thread.setDaemon(true);
		return thread;
	});

	private final Cache cache;

	private final Duration timeout;

	/**
	 * Creates the indicator.
	 * @param cache the alias
	 * @param timeout how long a ping may take before the alias is DOWN
	 */
	public CacheHealthIndicator(Cache cache, Duration timeout) {
		this.cache = cache;
		this.timeout = timeout;
	}

	@Override
	public Health health() {
		Health.Builder builder = new Health.Builder().withDetail("backend", backend());
		long start = System.nanoTime();
		CompletableFuture<Void> ping = CompletableFuture.runAsync(this::ping, PINGS);
		try {
			ping.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			return builder.up().withDetail("time", elapsed(start)).build();
		}
		catch (TimeoutException ex) {
			ping.cancel(true);
			return builder.down().withDetail("error", "timeout after " + this.timeout.toMillis() + " ms").build();
		}
		catch (ExecutionException ex) {
			return builder.down(ex.getCause()).withDetail("time", elapsed(start)).build();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return builder.unknown().build();
		}
	}

	private void ping() {
		if (this.cache instanceof BaseCache base) {
			base.ping();
		}
		else {
			this.cache.hasKey("cachette:ping");
		}
	}

	private String backend() {
		return (this.cache instanceof BaseCache base) ? base.settings().backend() : this.cache.getClass().getName();
	}

	private static String elapsed(long start) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms";
	}

}
