package dev.cachette.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.cachette.cache.Cache;
import dev.cachette.cache.backend.BaseCache;
import dev.cachette.cache.backend.locmem.LocMemCache;
import dev.cachette.cache.settings.CacheSettings;

/**
 * What metrics cost on the hot path: {@code get} of a present key (and of a missing one)
 * with {@code metrics=off} (the alias option {@code statistics: false}, no meters),
 * {@code metrics=counters} (counting, no registry) and {@code metrics=on} (counting, and
 * the alias bound to a Micrometer registry as the auto-configuration binds it), in one
 * table.
 *
 * <p>
 * {@code backend=locmem} is the real local backend, where metrics are the counters only.
 * {@code backend=timed} is an in-memory map that declares itself remote, so with metrics
 * on every call is also timed ({@code cachette.cache.latency}): it isolates the cost of
 * the timer, which a network backend pays on top of a round trip that takes 1,000 times
 * longer.
 *
 * <p>
 * Run from the repository root:
 *
 * <pre>
 * ./mvnw -pl autoconfigure -Pjmh test-compile exec:exec \
 *     -Djmh.args="CacheMetricsBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s"
 * </pre>
 *
 * Add {@code -t 2} for two threads (the counters are {@code LongAdder}s, built for that).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CacheMetricsBenchmark {

	private static final int KEYS = 1024;

	private static final int MASK = KEYS - 1;

	/**
	 * {@code off}: no counting; {@code counters}: counting, no registry; {@code on}:
	 * counting and bound to a registry (which times the {@code timed} backend).
	 */
	@Param({ "off", "counters", "on" })
	public String metrics;

	/** The backend: real locmem, or a map that is timed like a network backend. */
	@Param({ "locmem", "timed" })
	public String backend;

	private final String[] keys = new String[KEYS];

	private final String[] missingKeys = new String[KEYS];

	private Cache cache;

	private SimpleMeterRegistry registry;

	@Setup(Level.Trial)
	public void setUp() {
		CacheSettings settings = CacheSettings.builder("bench")
			.location("bench-" + UUID.randomUUID())
			.option("max-entries", KEYS * 2)
			.option("statistics", !this.metrics.equals("off"))
			.build();
		this.cache = switch (this.backend) {
			case "locmem" -> new LocMemCache(settings);
			case "timed" -> new TimedMapCache(settings);
			default -> throw new IllegalArgumentException(this.backend);
		};
		if (this.metrics.equals("on")) {
			this.registry = new SimpleMeterRegistry();
			new CachetteCacheMetrics(this.cache, Tags.of("cache.manager", "cachette")).bindTo(this.registry);
		}
		for (int i = 0; i < KEYS; i++) {
			this.keys[i] = "article:" + i;
			this.missingKeys[i] = "missing:" + i;
			this.cache.set(this.keys[i], "x".repeat(100));
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.cache.close();
	}

	@Benchmark
	public @Nullable Object getHit(Cursor cursor) {
		return this.cache.get(this.keys[cursor.next()]);
	}

	@Benchmark
	public @Nullable Object getMiss(Cursor cursor) {
		return this.cache.get(this.missingKeys[cursor.next()]);
	}

	/** Each thread walks the keys in order. */
	@State(Scope.Thread)
	public static class Cursor {

		private int index;

		int next() {
			return this.index++ & MASK;
		}

	}

	/** A map that is not local, so its calls are timed when metrics are on. */
	static final class TimedMapCache extends BaseCache {

		private final Map<String, Object> entries = new ConcurrentHashMap<>();

		TimedMapCache(CacheSettings settings) {
			super(settings);
		}

		@Override
		protected @Nullable Object getValue(String key) {
			Object value = this.entries.get(key);
			return (value != null) ? value : MISSING;
		}

		@Override
		protected void setValue(String key, @Nullable Object value, Duration timeout) {
			this.entries.put(key, value);
		}

		@Override
		protected boolean addValue(String key, @Nullable Object value, Duration timeout) {
			return this.entries.putIfAbsent(key, value) == null;
		}

		@Override
		protected boolean touchValue(String key, Duration timeout) {
			return this.entries.containsKey(key);
		}

		@Override
		protected boolean deleteValue(String key) {
			return this.entries.remove(key) != null;
		}

		@Override
		protected @Nullable Long incrValue(String key, long delta) {
			return null;
		}

		@Override
		protected void clearValues() {
			this.entries.clear();
		}

	}

}
