package dev.cachette.cache.revalidation;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

import org.jspecify.annotations.Nullable;

/**
 * The last envelopes this JVM read or computed for keys of one alias that have a
 * stale-if-error window, so that the {@link Revalidation} flow can serve them while the
 * alias's circuit is open: the copy in the store is out of reach then, and this is the
 * only stale value an instance can honestly have. Bounded in entries and, where the
 * values are large (pages), in bytes: the least recently used dropped first; entries past
 * their window are never served.
 *
 * <p>
 * The alias keeps one for {@code getOrSet} and fragments, of at most
 * {@value #MAX_ENTRIES} keys (a large fragment costs its size here too); a page cache
 * keeps its own, bounded in bytes as well ({@link Revalidation#keepingLastKnown}), under
 * each variant's own page key. What it does not cover: a key this JVM has not seen since
 * it started, and a plain {@code getOrSet} or {@code get} (no envelope, no window). A
 * value served from here is the same object the earlier caller received, as a locmem
 * alias storing references would return it.
 */
final class LastKnownValues {

	static final int MAX_ENTRIES = 1000;

	private final int maxEntries;

	private final long maxBytes;

	private final ToLongFunction<@Nullable Object> weigher;

	// Guarded by this.

	private final LinkedHashMap<String, Known> entries = new LinkedHashMap<>(64, 0.75f, true);

	private long bytes;

	/** The alias's: {@value #MAX_ENTRIES} keys, not weighed. */
	LastKnownValues() {
		this(MAX_ENTRIES, Long.MAX_VALUE, (value) -> 0);
	}

	/**
	 * @param maxEntries how many keys are kept
	 * @param maxBytes how many bytes their values may weigh together
	 * @param weigher a value's weight in bytes
	 */
	LastKnownValues(int maxEntries, long maxBytes, ToLongFunction<@Nullable Object> weigher) {
		this.maxEntries = maxEntries;
		this.maxBytes = maxBytes;
		this.weigher = weigher;
	}

	void remember(String key, Envelope envelope) {
		long weight = Math.max(0, this.weigher.applyAsLong(envelope.value()));
		synchronized (this) {
			Known previous = this.entries.remove(key);
			if (previous != null) {
				this.bytes -= previous.weight();
			}
			if (weight > this.maxBytes) {
				// Never kept: it would push out everything else.
				return;
			}
			this.entries.put(key, new Known(envelope, weight));
			this.bytes += weight;
			Iterator<Known> eldest = this.entries.values().iterator();
			while (this.entries.size() > this.maxEntries || this.bytes > this.maxBytes) {
				this.bytes -= eldest.next().weight();
				eldest.remove();
			}
		}
	}

	/**
	 * Returns the last envelope of a key; the caller checks its window.
	 * @param key the stored key
	 * @return the envelope, or {@code null}
	 */
	synchronized @Nullable Envelope find(String key) {
		Known known = this.entries.get(key);
		return (known != null) ? known.envelope() : null;
	}

	/**
	 * Drops the keys that match, so that a value invalidated in this JVM is not served
	 * while the store is out of reach.
	 * @param keys which stored keys to drop
	 */
	synchronized void forget(Predicate<String> keys) {
		Iterator<Map.Entry<String, Known>> entries = this.entries.entrySet().iterator();
		while (entries.hasNext()) {
			Map.Entry<String, Known> entry = entries.next();
			if (keys.test(entry.getKey())) {
				this.bytes -= entry.getValue().weight();
				entries.remove();
			}
		}
	}

	synchronized int size() {
		return this.entries.size();
	}

	synchronized long bytes() {
		return this.bytes;
	}

	private record Known(Envelope envelope, long weight) {
	}

}
