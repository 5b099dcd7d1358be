package dev.cachette.cache;

import java.io.Serializable;

import org.jspecify.annotations.Nullable;

/**
 * A value stored with its logical expiry and stale windows, for the layers that compute
 * outside a supplier and so cannot use {@code getOrSet} with a {@link Refresh}: the page
 * cache stores pages in it, the Thymeleaf dialect fragments. The entry is kept for its
 * timeout plus the larger window, so an expired value can still be read; outside its
 * windows it is a miss. A value stored without windows is stored plain, as Django stores
 * it, and {@link #of} reads both. The default allow-list names it; its value is checked
 * like any other.
 *
 * @param <T> the type of the value
 * @param value the value
 * @param expiresAt the logical expiry, epoch milliseconds of the layer's clock
 * @param staleWhileRevalidateMillis how long after expiry the value is served while one
 * caller computes it again
 * @param staleIfErrorMillis how long after expiry the value is served in place of an
 * error
 */
public record StaleEntry<T>(T value, long expiresAt, long staleWhileRevalidateMillis,
		long staleIfErrorMillis) implements Serializable {

	/**
	 * Reads what the cache returned.
	 * @param <T> the type of the value
	 * @param stored a plain value, an entry, or {@code null}
	 * @param type the value's type
	 * @return the entry, a plain value being fresh until the backend expires it; or
	 * {@code null} for a miss or a value of another type
	 */
	@SuppressWarnings("unchecked")
	public static <T> @Nullable StaleEntry<T> of(@Nullable Object stored, Class<T> type) {
		if (stored instanceof StaleEntry<?> entry && type.isInstance(entry.value())) {
			return (StaleEntry<T>) entry;
		}
		if (type.isInstance(stored)) {
			return new StaleEntry<>(type.cast(stored), Long.MAX_VALUE, 0, 0);
		}
		return null;
	}

	/**
	 * Tells whether the value is before its logical expiry.
	 * @param now the layer's clock, epoch milliseconds
	 * @return whether it is fresh
	 */
	public boolean isFresh(long now) {
		return now < this.expiresAt;
	}

	/**
	 * Tells whether the value may be served while one caller computes it again.
	 * @param now the layer's clock, epoch milliseconds
	 * @return whether it is within its stale-while-revalidate window
	 */
	public boolean canRevalidate(long now) {
		return isWithin(now, this.staleWhileRevalidateMillis);
	}

	/**
	 * Tells whether the value may be served in place of an error.
	 * @param now the layer's clock, epoch milliseconds
	 * @return whether it is within its stale-if-error window
	 */
	public boolean canServeOnError(long now) {
		return isWithin(now, this.staleIfErrorMillis);
	}

	private boolean isWithin(long now, long window) {
		return window > 0 && now - window < this.expiresAt;
	}

}
