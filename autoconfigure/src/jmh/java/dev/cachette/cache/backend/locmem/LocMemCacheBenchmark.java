package dev.cachette.cache.backend.locmem;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Caffeine;
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

import dev.cachette.cache.settings.CacheSettings;

/**
 * {@link LocMemCache} against raw Caffeine doing the same work, in one table: the
 * competitor is a {@code @Param}, as in Caffeine's own benchmarks.
 *
 * <p>
 * Each trial pre-fills 1,024 keys {@code article:<n>} into a cache bounded at 1,536
 * entries, and then measures one operation: {@code getHit}, {@code getMiss} (keys never
 * stored), {@code set} (overwriting a present key) and {@code getOrSet} on its hit path.
 * {@code impl} is
 * <ul>
 * <li>{@code caffeine}: a {@code Cache<String, Object>} with {@code maximumSize} and
 * {@code expireAfterWrite}, as an application would write it by hand
 * ({@code getIfPresent}, {@code put}, {@code get(key, function)});</li>
 * <li>{@code caffeineStats}: the same with {@code recordStats()}, which counts hits and
 * misses as locmem does by default (Caffeine's counter is a {@code LongAdder} too);</li>
 * <li>{@code byReference}: {@code LocMemCache} with
 * {@code options.by-reference: true};</li>
 * <li>{@code byValue}: {@code LocMemCache} with its defaults, which copy mutable values
 * through the serializer.</li>
 * </ul>
 * {@code value} is a 100-character {@code String} (immutable, so by-value keeps it as it
 * is) or a small {@link Article} record holding a {@code List} (serialized by by-value on
 * every {@code set}, deserialized on every read).
 *
 * <p>
 * Run from the repository root (about twelve minutes; results and analysis in
 * {@code autoconfigure/src/jmh/README-results.md}):
 *
 * <pre>
 * ./mvnw -pl autoconfigure -Pjmh test-compile exec:exec -Djmh.args="LocMemCacheBenchmark -f 1 -wi 5 -w 2s -i 5 -r 2s -prof dev.cachette.cache.backend.locmem.CpuTimeProfiler"
 * </pre>
 *
 * {@link CpuTimeProfiler} adds CPU time per operation, which stays comparable when other
 * processes share the machine. Add {@code -prof gc} for allocation per operation,
 * {@code -prof stack} for where the time goes, {@code -p impl=byValue -p value=record} to
 * narrow the matrix, {@code -t 2} for two threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LocMemCacheBenchmark {

	private static final int KEYS = 1024;

	private static final int MASK = KEYS - 1;

	/**
	 * Room for every key, but less than twice as many: Caffeine skips its read buffer
	 * while a size-bounded cache without per-entry expiry is under half full, a shortcut
	 * locmem (per-entry expiry) never takes and a warm production cache is too full for.
	 */
	private static final int MAX_ENTRIES = KEYS * 3 / 2;

	private static final Duration TIMEOUT = CacheSettings.DEFAULT_TIMEOUT;

	/**
	 * The implementation measured. {@code byReferenceUncounted} (by reference with
	 * {@code statistics: false}) compares with {@code caffeine}, {@code byReference} with
	 * {@code caffeineStats}: each pair does the same work.
	 */
	@Param({ "caffeine", "caffeineStats", "byReference", "byReferenceUncounted", "byValue" })
	public String impl;

	/** The kind of value stored. */
	@Param({ "string", "record" })
	public String value;

	private final String[] keys = new String[KEYS];

	private final String[] missingKeys = new String[KEYS];

	private Operations operations;

	private Object stored;

	@Setup(Level.Trial)
	public void setUp() {
		for (int i = 0; i < KEYS; i++) {
			this.keys[i] = "article:" + i;
			this.missingKeys[i] = "missing:" + i;
		}
		this.stored = switch (this.value) {
			case "string" -> "x".repeat(100);
			case "record" ->
				new Article(42L, "Caching in Django and Spring Boot", "ada", List.of("cache", "django", "spring"));
			default -> throw new IllegalArgumentException(this.value);
		};
		this.operations = switch (this.impl) {
			case "caffeine" -> new CaffeineOperations(false, this.stored);
			case "caffeineStats" -> new CaffeineOperations(true, this.stored);
			case "byReference" -> new LocMemOperations(true, true, this.stored);
			case "byReferenceUncounted" -> new LocMemOperations(true, false, this.stored);
			case "byValue" -> new LocMemOperations(false, true, this.stored);
			default -> throw new IllegalArgumentException(this.impl);
		};
		for (String key : this.keys) {
			this.operations.set(key, this.stored);
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.operations.close();
	}

	@Benchmark
	public @Nullable Object getHit(Cursor cursor) {
		return this.operations.get(this.keys[cursor.next()]);
	}

	@Benchmark
	public @Nullable Object getMiss(Cursor cursor) {
		return this.operations.get(this.missingKeys[cursor.next()]);
	}

	@Benchmark
	public void set(Cursor cursor) {
		this.operations.set(this.keys[cursor.next()], this.stored);
	}

	@Benchmark
	public @Nullable Object getOrSet(Cursor cursor) {
		return this.operations.getOrSet(this.keys[cursor.next()]);
	}

	/** Each thread walks the keys in order, so threads rarely touch one key together. */
	@State(Scope.Thread)
	public static class Cursor {

		private int index;

		int next() {
			return this.index++ & MASK;
		}

	}

	/** A small value as an application would cache it. */
	public record Article(long id, String title, String author, List<String> tags) implements Serializable {

	}

	/**
	 * The four operations, on either implementation. The function {@code getOrSet} passes
	 * is made once per trial: a capturing lambda per call would be measured too.
	 */
	private interface Operations {

		@Nullable Object get(String key);

		void set(String key, Object value);

		@Nullable Object getOrSet(String key);

		void close();

	}

	private static final class CaffeineOperations implements Operations {

		private final com.github.benmanes.caffeine.cache.Cache<String, Object> cache;

		private final Function<String, Object> compute;

		CaffeineOperations(boolean recordStats, Object value) {
			Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).expireAfterWrite(TIMEOUT);
			this.cache = (recordStats ? builder.recordStats() : builder).build();
			this.compute = (key) -> value;
		}

		@Override
		public @Nullable Object get(String key) {
			return this.cache.getIfPresent(key);
		}

		@Override
		public void set(String key, Object value) {
			this.cache.put(key, value);
		}

		@Override
		public @Nullable Object getOrSet(String key) {
			return this.cache.get(key, this.compute);
		}

		@Override
		public void close() {
			this.cache.invalidateAll();
		}

	}

	private static final class LocMemOperations implements Operations {

		private final LocMemCache cache;

		private final Supplier<Object> supplier;

		LocMemOperations(boolean byReference, boolean counted, Object value) {
			this.cache = new LocMemCache(CacheSettings.builder("benchmark")
				.location("benchmark-" + (byReference ? "by-reference" : "by-value"))
				.timeout(TIMEOUT)
				.option("max-entries", MAX_ENTRIES)
				.option("by-reference", byReference)
				.option("statistics", counted)
				.build());
			this.supplier = () -> value;
		}

		@Override
		public @Nullable Object get(String key) {
			return this.cache.get(key);
		}

		@Override
		public void set(String key, Object value) {
			this.cache.set(key, value);
		}

		@Override
		public @Nullable Object getOrSet(String key) {
			return this.cache.getOrSet(key, this.supplier);
		}

		@Override
		public void close() {
			this.cache.close();
		}

	}

}
