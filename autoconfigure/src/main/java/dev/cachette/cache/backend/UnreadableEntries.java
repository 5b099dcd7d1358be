package dev.cachette.cache.backend;

import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Remembers, for one alias and its versioned views, when an unreadable entry was last
 * logged, so that a hot key holding bad bytes is logged once per minute rather than once
 * per request. {@link BaseCache#decode} notes on the reading thread why the bytes could
 * not be read ({@link #noteFailure}); the read that called it, which knows the key, takes
 * the note ({@link #takeFailure}) and repairs the entry.
 */
final class UnreadableEntries {

	/** How long a key's unreadable entry is not logged again. */
	static final long LOG_INTERVAL_MILLIS = 60_000;

	/** Past this many remembered keys the memory starts over: a bound, not an LRU. */
	private static final int MAX_REMEMBERED = 1024;

	private static final ThreadLocal<Failure> FAILURE = new ThreadLocal<>();

	private final ConcurrentHashMap<Object, Long> lastLogged = new ConcurrentHashMap<>();

	/**
	 * Notes on the current thread why the bytes just decoded could not be read.
	 * @param problem the serializer's message
	 */
	static void noteFailure(String problem) {
		Failure earlier = FAILURE.get();
		FAILURE.set(new Failure(problem, (earlier != null) ? earlier.count() + 1 : 1));
	}

	/**
	 * Takes the note of the current thread's failed decodes.
	 * @return the last problem and how many decodes failed, or {@code null} when none
	 * failed since the last take
	 */
	static @Nullable Failure takeFailure() {
		Failure failure = FAILURE.get();
		if (failure != null) {
			FAILURE.remove();
		}
		return failure;
	}

	/**
	 * Tells whether an unreadable entry of a key is to be logged now, and if so remembers
	 * the time.
	 * @param key the stored key, or the keys of one multi-key read
	 * @param nowMillis the alias's clock
	 * @return whether the key was not logged within the interval
	 */
	boolean shouldLog(Object key, long nowMillis) {
		if (this.lastLogged.size() >= MAX_REMEMBERED) {
			this.lastLogged.clear();
		}
		Long last = this.lastLogged.get(key);
		if (last != null && nowMillis - last < LOG_INTERVAL_MILLIS) {
			return false;
		}
		return this.lastLogged.put(key, nowMillis) == last;
	}

	/**
	 * What the decodes of one read met.
	 *
	 * @param problem the serializer's message of the last one
	 * @param count how many failed
	 */
	record Failure(String problem, int count) {
	}

}
