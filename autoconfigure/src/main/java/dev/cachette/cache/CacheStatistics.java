package dev.cachette.cache;

import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * What one alias has done since it was created: hits, misses, puts, removals, and where
 * the backend can tell, evictions and size. {@link BaseCache} records these in its public
 * operations, one {@link LongAdder} increment each; Micrometer's {@code cache.gets},
 * {@code cache.puts}, {@code cache.evictions}, {@code cache.removals} and
 * {@code cache.size} read them, as does the actuator endpoint. Django keeps no such
 * counts.
 *
 * <p>
 * What counts:
 * <ul>
 * <li><b>hit / miss</b>: {@code get} (one per call), {@code getMany} (one per distinct
 * key: found keys are hits, the others misses) and the first read of {@code getOrSet}.
 * {@code hasKey}, {@code add}, {@code touch}, {@code incr} and the second read
 * {@code getOrSet} makes after adding are not gets: they would count one lookup twice, or
 * a write as a read.</li>
 * <li><b>put</b>: {@code set} with a positive timeout, {@code add} and {@code getOrSet}
 * when they stored a value, every key {@code setMany} stored, and the re-store of
 * {@code incrVersion}. {@code incr} and {@code touch} change an entry but add none.</li>
 * <li><b>removal</b>: {@code delete} when it removed a key, {@code set} and {@code touch}
 * with a zero or negative timeout when they removed a key, every key given to
 * {@code deleteMany} or to {@code setMany} with a zero or negative timeout (backends do
 * not say which of those existed), and the delete of {@code incrVersion}. {@code clear}
 * is not counted: no backend says how many keys it removed.</li>
 * <li><b>eviction / size</b>: the backend's own count, {@code null} where it cannot tell.
 * Locmem reports both for its store, which aliases with the same {@code location}
 * share.</li>
 * </ul>
 * A failure answered by the fail-open rule (see {@link Cache}) counts as a miss for a
 * read and as nothing for a write; a call the open circuit skipped is not timed.
 *
 * <p>
 * The option {@code caches.<alias>.options.statistics: false} turns counting off for an
 * alias (every count stays 0). Backends whose operations leave the JVM (every backend but
 * locmem and dummy) can also time each server call: Cachette's Micrometer binding
 * installs a {@link LatencyRecorder} when a {@code MeterRegistry} exists; until then the
 * cost is one volatile read per call.
 *
 * <p>
 * Thread-safe. Counts are monotonic; reading one is a sum over {@link LongAdder} cells,
 * cheap enough for every scrape but not for every operation.
 */
public final class CacheStatistics {

	/** What a {@link Cache} that does not extend {@link BaseCache} reports: nothing. */
	static final CacheStatistics NONE = new CacheStatistics(null, false);

	private final @Nullable BaseCache owner;

	private final boolean recording;

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	private final LongAdder puts = new LongAdder();

	private final LongAdder removals = new LongAdder();

	private final LongAdder unreadableEntries = new LongAdder();

	private volatile @Nullable LatencyRecorder latencyRecorder;

	CacheStatistics(@Nullable BaseCache owner, boolean recording) {
		this.owner = owner;
		this.recording = recording;
	}

	// Recording, by BaseCache

	void hit() {
		if (this.recording) {
			this.hits.increment();
		}
	}

	void miss() {
		if (this.recording) {
			this.misses.increment();
		}
	}

	void lookups(int found, int requested) {
		if (this.recording) {
			this.hits.add(found);
			this.misses.add(requested - found);
		}
	}

	void puts(int count) {
		if (this.recording) {
			this.puts.add(count);
		}
	}

	void removals(int count) {
		if (this.recording) {
			this.removals.add(count);
		}
	}

	/** Counted even when not {@link #isRecording() recording}: it reports a fault. */
	void unreadable(int count) {
		this.unreadableEntries.add(count);
	}

	@Nullable LatencyRecorder latencyRecorder() {
		return this.latencyRecorder;
	}

	// Reading

	/**
	 * Whether this alias counts at all ({@code options.statistics}, default true).
	 * @return whether counts move
	 */
	public boolean isRecording() {
		return this.recording;
	}

	/**
	 * Lookups that found a value.
	 * @return the count
	 */
	public long hits() {
		return this.hits.sum();
	}

	/**
	 * Lookups that found nothing.
	 * @return the count
	 */
	public long misses() {
		return this.misses.sum();
	}

	/**
	 * Values stored.
	 * @return the count
	 */
	public long puts() {
		return this.puts.sum();
	}

	/**
	 * Keys removed by the application.
	 * @return the count
	 */
	public long removals() {
		return this.removals.sum();
	}

	/**
	 * Entries that could not be read (corrupt bytes, another serializer's, a class the
	 * allow-list refuses) and were deleted by the read that met them; counted whether or
	 * not the alias is recording.
	 * @return the count
	 */
	public long unreadableEntries() {
		return this.unreadableEntries.sum();
	}

	/**
	 * The share of lookups that hit, since the alias was created.
	 * @return hits / (hits + misses), or {@link Double#NaN} before any lookup
	 */
	public double hitRatio() {
		long hits = hits();
		long total = hits + misses();
		return (total == 0) ? Double.NaN : (double) hits / total;
	}

	/**
	 * Entries the backend evicted on its own (size bound or expiry), where it can tell;
	 * for a shared server, the server's count (see each backend).
	 * @return the count, or {@code null} when the backend cannot tell, did not answer or
	 * its circuit is open
	 */
	public @Nullable Long evictions() {
		return quietly((this.owner != null) ? this.owner::storeEvictions : null);
	}

	/**
	 * Entries in the backend's store, where it can tell cheaply; approximate.
	 * @return the size, or {@code null} when the backend cannot tell, did not answer or
	 * its circuit is open
	 */
	public @Nullable Long size() {
		return quietly((this.owner != null) ? this.owner::storeSize : null);
	}

	/**
	 * Asks a network backend; a server that fails to answer makes the figure unknown, and
	 * so does an open circuit, which the question skips as every call does.
	 */
	private @Nullable Long quietly(@Nullable Supplier<@Nullable Long> statistic) {
		BaseCache owner = this.owner;
		if (statistic == null || (owner != null && owner.circuitOpen())) {
			return null;
		}
		try {
			return statistic.get();
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * Whether the backend's operations leave the JVM, so timing them means something
	 * (false for locmem and dummy).
	 * @return whether {@link #setLatencyRecorder} is honoured
	 */
	public boolean isTimed() {
		return this.owner != null && !this.owner.isLocal();
	}

	/**
	 * Installs the recorder every server call of a {@link #isTimed() timed} backend
	 * reports to; {@code null} stops timing. Ignored for backends that are not timed.
	 * @param recorder the recorder, or {@code null}
	 */
	public void setLatencyRecorder(@Nullable LatencyRecorder recorder) {
		if (isTimed()) {
			this.latencyRecorder = recorder;
		}
	}

	/** A backend call, as timed by {@link LatencyRecorder}. */
	public enum Operation {

		/** One key read ({@code get}, {@code getOrSet}, {@code incrVersion}). */
		GET,

		/** A many-key read. */
		GET_MANY,

		/** A presence check. */
		HAS_KEY,

		/** One key written. */
		SET,

		/** One key written if absent ({@code add}, {@code getOrSet}). */
		ADD,

		/** A many-key write. */
		SET_MANY,

		/** A new expiry. */
		TOUCH,

		/** One key removed. */
		DELETE,

		/** A many-key removal. */
		DELETE_MANY,

		/** An increment or decrement. */
		INCR,

		/** The whole store removed. */
		CLEAR;

		/**
		 * The name as a metric tag value: lower case, underscores as in Django's method
		 * names ({@code get_many}).
		 * @return the tag value
		 */
		public String tagValue() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * Receives the duration of every server call of a timed backend. Called on the
	 * caller's thread, after the call: it must be cheap and must not throw.
	 */
	@FunctionalInterface
	public interface LatencyRecorder {

		/**
		 * Records one call.
		 * @param operation what was called
		 * @param nanos how long it took
		 * @param failed whether it threw (a server failure, also when the fail-open rule
		 * hid it from the caller)
		 */
		void record(Operation operation, long nanos, boolean failed);

	}

}
