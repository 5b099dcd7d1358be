package dev.cachette.web;

import java.io.Serializable;

import org.jspecify.annotations.Nullable;

/**
 * What a page cache with stale windows stores under Django's {@code cache_page} key: the
 * page, when it logically expires, and its windows (the idea of the core's
 * {@code Envelope}). The entry is kept for its timeout plus the larger window, so an
 * expired page can still be read; outside its windows it is a miss, exactly as a page
 * Django's middleware stored would be. A page cache without windows stores the plain
 * {@link CachedPage}, as before. A record, so the default allow-list accepts it.
 *
 * @param page the page
 * @param expiresAt the logical expiry, epoch milliseconds of the page cache's clock
 * @param staleWhileRevalidateMillis how long after expiry the page is served while one
 * request renders it again
 * @param staleIfErrorMillis how long after expiry the page is served in place of an error
 */
record PageEntry(CachedPage page, long expiresAt, long staleWhileRevalidateMillis,
		long staleIfErrorMillis) implements Serializable {

	/**
	 * Reads what the cache returned.
	 * @param stored a {@link CachedPage}, a {@link PageEntry} or {@code null}
	 * @return the entry, a plain page being fresh until the backend expires it; or
	 * {@code null} for a miss
	 */
	static @Nullable PageEntry of(@Nullable Object stored) {
		if (stored instanceof PageEntry entry) {
			return entry;
		}
		if (stored instanceof CachedPage page) {
			return new PageEntry(page, Long.MAX_VALUE, 0, 0);
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
