package dev.cachette.loadtest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

import dev.cachette.cache.Cache;
import dev.cachette.cache.Refresh;
import dev.cachette.cache.backend.redis.RedisCache;
import dev.cachette.cache.settings.CacheSettings;

/**
 * The stampede load harness of the README's "Stampede protection" section (not a unit
 * test, not a JMH benchmark): {@code threads} clients (default 200) read one hot key for
 * {@code seconds} per mode (default 30). The key has a 1 s timeout and its supplier is a
 * 200 ms PostgreSQL query ({@code pg_sleep(0.2)}), so without protection every expiry
 * sends every waiting client to the database.
 *
 * <p>
 * Modes (Redis backend throughout): {@code hit} (a key that never expires: the cost of a
 * plain cache hit, the baseline), {@code a} (no protection:
 * {@code single-flight: false}), {@code b} (single-flight), {@code c} (single-flight and
 * a 5 s lease, two cache instances sharing Redis, half the clients each), {@code d}
 * (stale-while-revalidate of 10 s with the lease on two instances), {@code e} (Spring's
 * {@code @Cacheable(sync = true)} on Spring Data Redis's {@code RedisCacheManager}). It
 * prints one Markdown row per mode: supplier calls, bursts of calls (a call starting more
 * than 500 ms after the previous one starts a burst: one burst per expiry), calls per
 * burst, requests, failed requests, p50/p99/max latency.
 *
 * <p>
 * Run: {@code ./mvnw -pl autoconfigure -Pjmh test-compile exec:exec
 * -Djmh.main=dev.cachette.loadtest.StampedeLoadHarness -Djmh.args="seconds=30"}.
 * Arguments, {@code name=value} (a leading {@code --} is allowed): {@code seconds},
 * {@code threads}, {@code warmup}, {@code modes} (default {@code hit,a,b,c,d,e,f}),
 * {@code redis} (default {@code redis://127.0.0.1:6379/11}), {@code jdbc} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}), {@code pool} (database
 * connections, default 50).
 */
public final class StampedeLoadHarness {

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	private static final String KEY = "hot";

	private static final long BURST_GAP_MILLIS = TIMEOUT.toMillis() / 2;

	private final Map<String, String> options;

	private final String prefix = "stampede-harness-" + UUID.randomUUID().toString().substring(0, 8);

	private StampedeLoadHarness(Map<String, String> options) {
		this.options = options;
	}

	/**
	 * Runs the modes and prints the table.
	 * @param args {@code name=value} options, see the class description
	 * @throws Exception if a mode cannot run
	 */
	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		for (String arg : args) {
			String option = arg.startsWith("--") ? arg.substring(2) : arg;
			int equals = option.indexOf('=');
			if (equals < 1) {
				throw new IllegalArgumentException("Expected name=value, got '" + arg + "'");
			}
			options.put(option.substring(0, equals), option.substring(equals + 1));
		}
		new StampedeLoadHarness(options).run();
		System.exit(0);
	}

	private String option(String name, String defaultValue) {
		return this.options.getOrDefault(name, defaultValue);
	}

	private void run() throws Exception {
		int seconds = Integer.parseInt(option("seconds", "30"));
		int threads = Integer.parseInt(option("threads", "200"));
		List<String> modes = List.of(option("modes", "hit,a,b,c,d,e,f").split(","));
		LoadRun load = new LoadRun(threads, Duration.ofSeconds(seconds));
		List<String> rows = new ArrayList<>();
		try (SlowQuery query = new SlowQuery(option("jdbc", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"),
				Integer.parseInt(option("pool", "50")))) {
			query.load();
			int warmup = Integer.parseInt(option("warmup", "5"));
			if (warmup > 0) {
				System.out.printf("warm-up: %d s...%n", warmup);
				runMode("hit", new LoadRun(threads, Duration.ofSeconds(warmup)), query);
			}
			for (String mode : modes) {
				query.reset();
				System.out.printf("mode %s: %d threads for %d s...%n", mode, threads, seconds);
				rows.add(runMode(mode.trim(), load, query));
			}
		}
		System.out.printf("%n%d clients, %d s per mode, one key, 1 s timeout, 200 ms PostgreSQL supplier%n%n", threads,
				seconds);
		System.out.println("| mode | supplier calls | bursts (expiries) | calls per burst | requests | failed "
				+ "| p50 ms | p99 ms | max ms |");
		System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
		rows.forEach(System.out::println);
	}

	private String runMode(String mode, LoadRun load, SlowQuery query) throws Exception {
		return switch (mode) {
			case "hit" -> runCachette("plain hit (baseline, never expires)", load, query, 1, UnaryOperator.identity(),
					(cache) -> () -> cache.getOrSet(KEY, query::load, Cache.FOREVER));
			case "a" -> runCachette("a. no protection (single-flight: false)", load, query, 1,
					(settings) -> settings.option("single-flight", false),
					(cache) -> () -> cache.getOrSet(KEY, query::load, TIMEOUT));
			case "b" -> runCachette("b. single-flight", load, query, 1, UnaryOperator.identity(),
					(cache) -> () -> cache.getOrSet(KEY, query::load, TIMEOUT));
			case "c" -> runCachette("c. single-flight + lease, 2 instances", load, query, 2,
					(settings) -> settings.option("lease", "5s"),
					(cache) -> () -> cache.getOrSet(KEY, query::load, TIMEOUT));
			case "d" -> runCachette("d. stale-while-revalidate 10 s + lease, 2 instances", load, query, 2,
					(settings) -> settings.option("lease", "5s"), (cache) -> () -> cache.getOrSet(KEY, TIMEOUT,
							query::load, Refresh.staleWhileRevalidate(Duration.ofSeconds(10)).earlyRecompute(0)));
			case "e" -> runSpring("e. Spring @Cacheable(sync = true), RedisCacheManager", false, load, query);
			case "f" -> runSpring("f. the same, locking cache writer", true, load, query);
			default ->
				throw new IllegalArgumentException("Unknown mode '" + mode + "'; modes are hit, a, b, c, d, e, f");
		};
	}

	private String runCachette(String label, LoadRun load, SlowQuery query, int instances,
			UnaryOperator<CacheSettings.Builder> options, Function<Cache, Runnable> client)
			throws InterruptedException {
		List<Cache> caches = new ArrayList<>();
		try {
			for (int i = 0; i < instances; i++) {
				CacheSettings.Builder settings = CacheSettings.builder("stampede")
					.location(option("redis", "redis://127.0.0.1:6379/11"))
					.keyPrefix(this.prefix + "-" + label.charAt(0));
				caches.add(new RedisCache(options.apply(settings).build()));
			}
			caches.get(0).delete(KEY);
			query.reset();
			IntFunction<Runnable> clients = (thread) -> client.apply(caches.get(thread % instances));
			String row = row(label, load.run(clients), query);
			// Let a background refresh in flight end before its cache closes.
			Thread.sleep(500);
			return row;
		}
		finally {
			if (!caches.isEmpty()) {
				caches.get(0).delete(KEY);
			}
			caches.forEach(Cache::close);
		}
	}

	private String runSpring(String label, boolean locking, LoadRun load, SlowQuery query) throws InterruptedException {
		try (SpringCacheableTarget spring = new SpringCacheableTarget(option("redis", "redis://127.0.0.1:6379/11"),
				this.prefix + "-spring-", TIMEOUT, locking, query)) {
			spring.evict();
			query.reset();
			String row = row(label, load.run((thread) -> spring::get), query);
			spring.evict();
			return row;
		}
	}

	private static String row(String label, LoadRun.Latencies latencies, SlowQuery query) {
		int calls = query.calls();
		int bursts = query.bursts(BURST_GAP_MILLIS);
		return String.format(Locale.ROOT, "| %s | %d | %d | %.2f | %d | %d | %.2f | %.2f | %.1f |", label, calls,
				bursts, (bursts == 0) ? 0.0 : (double) calls / bursts, latencies.requests(), latencies.failures(),
				latencies.percentileMillis(50), latencies.percentileMillis(99), latencies.maxMillis());
	}

}
