package dev.cachette.cache.revalidation;

import org.jspecify.annotations.Nullable;

/**
 * The {@link Revalidation} flow's envelope for tests outside this package: the page and
 * fragment tests check that what their layer stores is one, and that it survives both
 * serializers.
 */
public final class Envelopes {

	private Envelopes() {
	}

	/**
	 * Makes an envelope.
	 * @param value the value
	 * @param expiresAt the logical expiry, epoch milliseconds
	 * @param staleWhileRevalidateMillis the stale-while-revalidate window
	 * @param staleIfErrorMillis the stale-if-error window
	 * @return the envelope
	 */
	public static Object of(@Nullable Object value, long expiresAt, long staleWhileRevalidateMillis,
			long staleIfErrorMillis) {
		return new Envelope(value, expiresAt, 0, staleWhileRevalidateMillis, staleIfErrorMillis);
	}

	/**
	 * Tells whether a stored object is an envelope.
	 * @param stored what was stored
	 * @return whether it is
	 */
	public static boolean isEnvelope(@Nullable Object stored) {
		return stored instanceof Envelope;
	}

	/**
	 * The value of an envelope.
	 * @param envelope the envelope
	 * @return its value
	 */
	public static @Nullable Object value(Object envelope) {
		return ((Envelope) envelope).value();
	}

	/**
	 * The logical expiry and windows of an envelope.
	 * @param envelope the envelope
	 * @return {@code expiresAt}, the stale-while-revalidate and the stale-if-error
	 * windows in milliseconds
	 */
	public static long[] times(Object envelope) {
		Envelope entry = (Envelope) envelope;
		return new long[] { entry.expiresAt(), entry.staleWhileRevalidateMillis(), entry.staleIfErrorMillis() };
	}

}
