package dev.cachette.cache.revalidation;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The last envelopes this JVM read or computed for keys of one alias that have a
 * stale-if-error window, so that the {@link Revalidation} flow can serve them while the
 * alias's circuit is open: the copy in the store is out of reach then, and this is the
 * only stale value an instance can honestly have. At most {@value #MAX_ENTRIES} keys, the
 * least recently used dropped first; entries past their window are never served.
 *
 * <p>
 * What it does not cover: a key this JVM has not seen since it started, a plain
 * {@code getOrSet} or {@code get} (no envelope, no window), and pages, whose key needs
 * the {@code Vary} list learned in the store. Fragments are kept like {@code getOrSet}
 * values; the bound is a number of keys, so a large fragment costs its size here too. A
 * value served from here is the same object the earlier caller received, as a locmem
 * alias storing references would return it.
 */
final class LastKnownValues {

	static final int MAX_ENTRIES = 1000;

	private final Map<String, Envelope> entries = new LinkedHashMap<>(64, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Envelope> eldest) {
			return size() > MAX_ENTRIES;
		}
	};

	synchronized void remember(String key, Envelope envelope) {
		this.entries.put(key, envelope);
	}

	/**
	 * Returns the last envelope of a key; the caller checks its window.
	 * @param key the stored key
	 * @return the envelope, or {@code null}
	 */
	synchronized @Nullable Envelope find(String key) {
		return this.entries.get(key);
	}

	synchronized int size() {
		return this.entries.size();
	}

}
