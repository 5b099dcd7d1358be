package dev.cachette.cache.backend.locmem;

import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Threads;

import dev.cachette.cache.Cache;
import dev.cachette.cache.settings.CacheSettings;

/**
 * The two local-memory eviction policies against raw Caffeine, in one run on two threads:
 * {@code eviction: lru} (Django's strict LRU under one lock), {@code eviction:
 * w-tinylfu} (the Caffeine store) and a hand-written Caffeine cache, as a {@code @Param}.
 *
 * <p>
 * {@code get} and {@code set} run on 1,024 keys pre-filled into a store bounded at 1,536
 * (every read hits, no write evicts). {@code zipf} replays a skewed trace: keys drawn
 * from a Zipf distribution over 100,000 keys with exponent 0.99, into a store bounded at
 * 10,000 (10% of the keys); a miss stores the key, as a read-through cache does. Its
 * auxiliary counters {@code hits} and {@code misses} give the hit ratio, hits / (hits +
 * misses).
 *
 * <pre>
 * ./mvnw -B -ntp -o -pl autoconfigure -Pjmh test-compile exec:exec -Djmh.args="LocMemEvictionBenchmark -f 1 -wi 2 -w 2s -i 3 -r 2s"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(2)
public class LocMemEvictionBenchmark {

	private static final int HOT_KEYS = 1024;

	private static final int HOT_MASK = HOT_KEYS - 1;

	private static final int HOT_MAX_ENTRIES = HOT_KEYS * 3 / 2;

	private static final int ZIPF_KEYS = 100_000;

	private static final int ZIPF_MAX_ENTRIES = ZIPF_KEYS / 10;

	private static final double ZIPF_EXPONENT = 0.99;

	private static final int TRACE_LENGTH = 1 << 20;

	private static final int TRACE_MASK = TRACE_LENGTH - 1;

	private static final Duration TIMEOUT = CacheSettings.DEFAULT_TIMEOUT;

	private static final String VALUE = "x".repeat(100);

	/** The store measured. */
	@Param({ "lru", "w-tinylfu", "caffeine" })
	public String impl;

	private final String[] hotKeys = new String[HOT_KEYS];

	private final String[] trace = new String[TRACE_LENGTH];

	private Store hot;

	private Store zipf;

	@Setup(Level.Trial)
	public void setUp() {
		for (int i = 0; i < HOT_KEYS; i++) {
			this.hotKeys[i] = "article:" + i;
		}
		fillZipfTrace(this.trace);
		this.hot = store(HOT_MAX_ENTRIES);
		this.zipf = store(ZIPF_MAX_ENTRIES);
		for (String key : this.hotKeys) {
			this.hot.set(key, VALUE);
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.hot.close();
		this.zipf.close();
	}

	@Benchmark
	public @Nullable Object get(Cursor cursor) {
		return this.hot.get(this.hotKeys[cursor.next() & HOT_MASK]);
	}

	@Benchmark
	public void set(Cursor cursor) {
		this.hot.set(this.hotKeys[cursor.next() & HOT_MASK], VALUE);
	}

	@Benchmark
	public @Nullable Object zipf(Cursor cursor, HitCounters counters) {
		String key = this.trace[cursor.next() & TRACE_MASK];
		Object value = this.zipf.get(key);
		if (value == null) {
			counters.misses++;
			this.zipf.set(key, VALUE);
		}
		else {
			counters.hits++;
		}
		return value;
	}

	private Store store(int maxEntries) {
		if (this.impl.equals("caffeine")) {
			com.github.benmanes.caffeine.cache.Cache<String, Object> cache = Caffeine.newBuilder()
				.maximumSize(maxEntries)
				.expireAfterWrite(TIMEOUT)
				.build();
			return new Store() {
				@Override
				public @Nullable Object get(String key) {
					return cache.getIfPresent(key);
				}

				@Override
				public void set(String key, Object value) {
					cache.put(key, value);
				}

				@Override
				public void close() {
					cache.invalidateAll();
				}
			};
		}
		Cache cache = new LocMemCache(CacheSettings.builder("bench")
			.location("eviction-bench-" + UUID.randomUUID())
			.option("eviction", this.impl)
			.option("max-entries", maxEntries)
			.build());
		return new Store() {
			@Override
			public @Nullable Object get(String key) {
				return cache.get(key);
			}

			@Override
			public void set(String key, Object value) {
				cache.set(key, value, TIMEOUT);
			}

			@Override
			public void close() {
				cache.close();
			}
		};
	}

	/**
	 * Draws the trace by inverting the Zipf distribution's cumulative weights, from a
	 * fixed seed so every run replays the same keys.
	 */
	private static void fillZipfTrace(String[] trace) {
		String[] keys = new String[ZIPF_KEYS];
		double[] cumulative = new double[ZIPF_KEYS];
		double total = 0;
		for (int rank = 0; rank < ZIPF_KEYS; rank++) {
			keys[rank] = "key:" + rank;
			total += 1 / Math.pow(rank + 1, ZIPF_EXPONENT);
			cumulative[rank] = total;
		}
		Random random = new Random(42);
		for (int i = 0; i < trace.length; i++) {
			double target = random.nextDouble() * total;
			int low = 0;
			int high = ZIPF_KEYS - 1;
			while (low < high) {
				int middle = (low + high) >>> 1;
				if (cumulative[middle] < target) {
					low = middle + 1;
				}
				else {
					high = middle;
				}
			}
			trace[i] = keys[low];
		}
	}

	/** What the benchmark needs of a store. */
	interface Store {

		@Nullable Object get(String key);

		void set(String key, Object value);

		void close();

	}

	/** Each thread walks the keys from its own random start. */
	@State(Scope.Thread)
	public static class Cursor {

		private int index = ThreadLocalRandom.current().nextInt();

		int next() {
			return this.index++;
		}

	}

	/** The {@code zipf} benchmark's hits and misses, reported beside its throughput. */
	@AuxCounters(AuxCounters.Type.EVENTS)
	@State(Scope.Thread)
	public static class HitCounters {

		public long hits;

		public long misses;

		@Setup(Level.Iteration)
		public void reset() {
			this.hits = 0;
			this.misses = 0;
		}

	}

}
