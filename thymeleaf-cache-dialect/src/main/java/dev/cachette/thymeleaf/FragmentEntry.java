package dev.cachette.thymeleaf;

import java.io.Serializable;

import org.jspecify.annotations.Nullable;

/**
 * What a fragment with stale windows stores under Django's {@code template.cache.} key:
 * its HTML, when it logically expires, and its windows (the idea of the core's
 * {@code Envelope}). It is kept for its timeout plus the larger window, so an expired
 * fragment can still be served while one rendering refreshes it. A fragment without
 * windows is stored as its plain HTML string, as Django stores it. A record, so the
 * default allow-list accepts it.
 *
 * @param html the rendered fragment
 * @param expiresAt the logical expiry, epoch milliseconds of the dialect's clock
 * @param staleWhileRevalidateMillis how long after expiry it is served while one
 * rendering refreshes it
 * @param staleIfErrorMillis how long after expiry it is served when the rendering that
 * holds its lock fails or does not finish within the {@code lock-timeout}
 */
record FragmentEntry(String html, long expiresAt, long staleWhileRevalidateMillis,
		long staleIfErrorMillis) implements Serializable {

	/**
	 * Reads what the cache returned.
	 * @param stored a string, a {@link FragmentEntry}, or anything else
	 * @return the entry, a plain string being fresh until the backend expires it; or
	 * {@code null} for a miss
	 */
	static @Nullable FragmentEntry of(@Nullable Object stored) {
		if (stored instanceof FragmentEntry entry) {
			return entry;
		}
		if (stored instanceof String html) {
			return new FragmentEntry(html, Long.MAX_VALUE, 0, 0);
		}
		return null;
	}

	boolean isFresh(long now) {
		return now < this.expiresAt;
	}

	boolean canRevalidate(long now) {
		return isWithin(now, this.staleWhileRevalidateMillis);
	}

	boolean canServeOnError(long now) {
		return isWithin(now, this.staleIfErrorMillis);
	}

	private boolean isWithin(long now, long window) {
		return window > 0 && now - window < this.expiresAt;
	}

}
