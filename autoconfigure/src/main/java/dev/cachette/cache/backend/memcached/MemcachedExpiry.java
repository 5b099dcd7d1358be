package dev.cachette.cache.backend.memcached;

import java.time.Clock;
import java.time.Duration;

import dev.cachette.cache.Cache;

/**
 * Turns a resolved timeout into memcached's expiration time. Follows Django's
 * {@code BaseMemcachedCache.get_backend_timeout}.
 *
 * <p>
 * Memcached reads an expiration time of 0 as "never expire", up to 30 days (2,592,000
 * seconds) as seconds from now, and anything larger as an absolute Unix time
 * (<a href="https://github.com/memcached/memcached/wiki/Programming#expiration">memcached
 * wiki, Programming: Expiration</a>). So a longer timeout must be sent as "now +
 * timeout". Folsom applies that rule itself when it writes a request
 * ({@code Utils.ttlToExpiration}, reading the system clock at that moment), so this class
 * gives folsom the relative number of seconds. The server compares absolute times with
 * its own wall clock, so the conversion must use real time: the alias's clock only
 * decides the 2038 limit below.
 *
 * <p>
 * Memcached counts whole seconds on a clock it advances once a second, and an item
 * expires when that clock reaches its expiration: an item set for {@code n} seconds lives
 * between {@code n - 1} and {@code n} seconds, a 1-second item possibly only a few
 * milliseconds. So a timeout is rounded up to whole seconds and one second is added: a
 * value lives at least as long as asked, and at most one second longer. (Django sends the
 * truncated number of seconds, which turns a timeout under one second into "not stored"
 * and lets a 1-second value vanish at once.) Memcached's absolute times are signed 32-bit
 * Unix times: a timeout reaching past January 2038 is sent as "never expire".
 */
final class MemcachedExpiry {

	/** Memcached's limit for relative expiration times: 30 days, in seconds. */
	static final long RELATIVE_LIMIT = 60L * 60 * 24 * 30;

	private MemcachedExpiry() {
	}

	/**
	 * The timeout memcached keeps for a resolved one, as {@code getBackendTimeout}
	 * reports it: whole seconds, rounded up (folsom is then sent one second more, see
	 * {@link #ttl}); {@link Cache#FOREVER} for a timeout reaching past January 2038.
	 * @param resolved zero, positive or {@link Cache#FOREVER}
	 * @param clock the clock that tells "now", for the 2038 limit
	 * @return the timeout kept
	 */
	static Duration backendTimeout(Duration resolved, Clock clock) {
		if (resolved.isZero() || ttl(resolved, clock) == 0) {
			return resolved.isZero() ? resolved : Cache.FOREVER;
		}
		return Duration.ofSeconds(resolved.getSeconds() + ((resolved.getNano() > 0) ? 1 : 0));
	}

	/**
	 * The timeout to hand folsom: seconds from now, or 0 for "never expire".
	 * @param timeout a resolved timeout: positive, or {@link Cache#FOREVER}
	 * @param clock the clock that tells "now", for the 2038 limit
	 * @return the seconds, at least 2, or 0 for never
	 */
	static int ttl(Duration timeout, Clock clock) {
		if (timeout.compareTo(Duration.ofSeconds(Integer.MAX_VALUE - 1)) >= 0) {
			return 0;
		}
		// Rounded up, plus the tick memcached's clock may be about to make.
		long seconds = timeout.getSeconds() + ((timeout.getNano() > 0) ? 1 : 0) + 1;
		if (seconds > RELATIVE_LIMIT && seconds > Integer.MAX_VALUE - clock.millis() / 1000) {
			return 0;
		}
		return (int) seconds;
	}

}
