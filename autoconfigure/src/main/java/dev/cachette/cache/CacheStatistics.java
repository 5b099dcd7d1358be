package dev.cachette.cache;

import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * What one alias has done since it was created: hits, misses, puts, removals, and where
 * the backend can tell, evictions and size. {@code BaseCache} records these in its public
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

	/** What a {@link Cache} that does not extend {@code BaseCache} reports: nothing. */
	static final CacheStatistics NONE = new CacheStatistics(false, false, () -> null, () -> null);

	private final boolean recording;

	private final boolean timed;

	private final Supplier<@Nullable Long> size;

	private final Supplier<@Nullable Long> evictions;

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	private final LongAdder puts = new LongAdder();

	private final LongAdder removals = new LongAdder();

	private final LongAdder unreadableEntries = new LongAdder();

	private volatile @Nullable LatencyRecorder latencyRecorder;

	/**
	 * Creates the statistics of one alias. {@code BaseCache} creates its own; a
	 * {@link Cache} written from scratch may create and record into one too.
	 * @param recording whether counts move ({@code options.statistics})
	 * @param timed whether the backend's calls leave the JVM, so that a
	 * {@link LatencyRecorder} is honoured
	 * @param size the number of entries in the store, answering {@code null} when the
	 * backend cannot tell; a failure reads as {@code null}
	 * @param evictions the number of entries the backend evicted on its own, as
	 * {@code size}
	 */
	public CacheStatistics(boolean recording, boolean timed, Supplier<@Nullable Long> size,
			Supplier<@Nullable Long> evictions) {
		this.recording = recording;
		this.timed = timed;
		this.size = size;
		this.evictions = evictions;
	}

	// Recording, by the cache's public operations (BaseCache's)

	/** Records a lookup that found a value. */
	public void hit() {
		if (this.recording) {
			this.hits.increment();
		}
	}

	/** Records a lookup that found nothing. */
	public void miss() {
		if (this.recording) {
			this.misses.increment();
		}
	}

	/**
	 * Records a many-key lookup.
	 * @param found the keys found, counted as hits
	 * @param requested the distinct keys asked for; the others are misses
	 */
	public void lookups(int found, int requested) {
		if (this.recording) {
			this.hits.add(found);
			this.misses.add(requested - found);
		}
	}

	/**
	 * Records values stored.
	 * @param count how many
	 */
	public void puts(int count) {
		if (this.recording) {
			this.puts.add(count);
		}
	}

	/**
	 * Records keys removed.
	 * @param count how many
	 */
	public void removals(int count) {
		if (this.recording) {
			this.removals.add(count);
		}
	}

	/**
	 * Records entries that could not be read back and were removed; counted even when not
	 * {@link #isRecording() recording}, since it reports a fault.
	 * @param count how many
	 */
	public void unreadable(int count) {
		this.unreadableEntries.add(count);
	}

	/**
	 * The recorder installed by {@link #setLatencyRecorder}, for the cache to report its
	 * server calls to.
	 * @return the recorder, or {@code null} when calls are not timed
	 */
	public @Nullable LatencyRecorder latencyRecorder() {
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
		return quietly(this.evictions);
	}

	/**
	 * Entries in the backend's store, where it can tell cheaply; approximate.
	 * @return the size, or {@code null} when the backend cannot tell, did not answer or
	 * its circuit is open
	 */
	public @Nullable Long size() {
		return quietly(this.size);
	}

	/**
	 * Asks a network backend; a server that fails to answer makes the figure unknown (the
	 * backend answers {@code null} itself while its circuit is open).
	 */
	private static @Nullable Long quietly(Supplier<@Nullable Long> statistic) {
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
		return this.timed;
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
