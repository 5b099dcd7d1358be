package dev.cachette.cache.revalidation;

import java.io.Serializable;

import org.jspecify.annotations.Nullable;

import dev.cachette.cache.serialization.AllowList;

/**
 * The one stale envelope of the {@link Revalidation} flow, for values of
 * {@code getOrSet}, pages and fragments alike: the value, when it logically expires, how
 * long computing it took (XFetch's {@code delta}) and the windows after expiry in which
 * it may still be served. The physical timeout is padded by the larger window, so a stale
 * value can still be read; {@code BaseCache} unwraps it on every plain read and reads a
 * logically expired one as a miss, so plain {@code get} keeps Django's semantics. Always
 * allowed by the {@link AllowList}: it is rebuilt through its canonical constructor, and
 * its value is checked like any other.
 *
 * @param value the value
 * @param expiresAt the logical expiry, epoch milliseconds of the flow's clock;
 * {@link Long#MAX_VALUE} for never
 * @param computeMillis how long computing it took; zero when unknown
 * @param staleWhileRevalidateMillis how long after expiry it is served while one caller
 * computes it again, when the caller does not say
 * @param staleIfErrorMillis how long after expiry it is served in place of an error, when
 * the caller does not say
 */
record Envelope(@Nullable Object value, long expiresAt, long computeMillis, long staleWhileRevalidateMillis,
		long staleIfErrorMillis) implements Serializable {

	/**
	 * Returns what a plain read sees.
	 * @param stored what the backend returned
	 * @param now the alias's clock, epoch milliseconds
	 * @return the stored value, the envelope's value while fresh, or
	 * {@link RevalidationStore#MISSING}
	 */
	static @Nullable Object unwrap(@Nullable Object stored, long now) {
		if (stored instanceof Envelope envelope) {
			return envelope.isFresh(now) ? envelope.value : RevalidationStore.MISSING;
		}
		return stored;
	}

	boolean isFresh(long now) {
		return now < this.expiresAt;
	}

	/**
	 * Tells whether the envelope is within a window after its logical expiry.
	 * @param now the flow's clock
	 * @param windowMillis the window
	 * @return whether {@code now < expiresAt + window}
	 */
	boolean isWithin(long now, long windowMillis) {
		return now - windowMillis < this.expiresAt;
	}

}
