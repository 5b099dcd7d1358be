package dev.cachette.cache.backend.locmem;

import org.jspecify.annotations.Nullable;

/**
 * A stored value and its absolute expiry on the store's ticker.
 *
 * @param value the value as stored (a copy's bytes, or the value itself)
 * @param expiresAt ticker time in nanoseconds, {@link #NEVER} for no expiry
 */
record Entry(@Nullable Object value, long expiresAt) {

	static final long NEVER = Long.MAX_VALUE;

}
