package dev.cachette.thymeleaf;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheLock;

/**
 * The fragment locks this dialect holds, so that none is left held. A rendering releases
 * a fragment's lock when the fragment's close tag is written, and every lock it still
 * holds when the template ends; Thymeleaf calls nothing when a template throws, so a lock
 * whose rendering failed is released when its Spring MVC request completes
 * ({@link FragmentLockRelease}), and otherwise reclaimed by the next lookup of its key
 * once it has been held longer than {@link #ABANDONED_AFTER}, far longer than any
 * fragment takes to render. Until then other lookups of the key wait at most the alias's
 * {@code lock-timeout} and render themselves.
 *
 * <p>
 * A rendering never waits for a lock its own thread holds: the same fragment key twice in
 * one page renders the second one uncoordinated.
 */
final class FragmentLocks {

	/** How long a held fragment lock may live before another lookup reclaims it. */
	static final Duration ABANDONED_AFTER = Duration.ofSeconds(30);

	private static final Log logger = LogFactory.getLog(FragmentLocks.class);

	private final Map<LockKey, Held> held = new ConcurrentHashMap<>();

	private final Clock clock;

	FragmentLocks(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Obtains the lock of a fragment key.
	 * @param cache the fragment's cache
	 * @param key the fragment key
	 * @return the lock: acquired, waiting for another rendering, or
	 * {@link CacheLock#UNCOORDINATED} when this thread holds it already
	 */
	CacheLock lock(Cache cache, String key) {
		LockKey lockKey = new LockKey(cache, key);
		Held current = this.held.get(lockKey);
		if (current != null) {
			if (this.clock.millis() - current.since > ABANDONED_AFTER.toMillis()) {
				logger.warn("Releasing the lock of fragment key '" + key + "', held for more than "
						+ ABANDONED_AFTER.toSeconds() + " s by a rendering that never finished (it threw?)");
				release(cache, key, current.lock);
			}
			else if (current.owner == Thread.currentThread()) {
				return CacheLock.UNCOORDINATED;
			}
		}
		CacheLock lock = cache.lock(key);
		if (lock.acquired() && lock != CacheLock.UNCOORDINATED) {
			this.held.put(lockKey, new Held(lock, Thread.currentThread(), this.clock.millis()));
		}
		return lock;
	}

	/**
	 * Releases a lock this dialect obtained. Never throws.
	 * @param cache the fragment's cache
	 * @param key the fragment key
	 * @param lock the lock
	 */
	void release(Cache cache, String key, CacheLock lock) {
		this.held.computeIfPresent(new LockKey(cache, key), (k, held) -> (held.lock == lock) ? null : held);
		try {
			lock.close();
		}
		catch (RuntimeException ex) {
			logger.warn("Releasing the lock of fragment key '" + key + "' failed; it expires with its lease: " + ex);
		}
	}

	/**
	 * Releases every lock a thread holds: those of a rendering that threw, when its
	 * request completes. Never throws.
	 * @param owner the thread
	 */
	void releaseHeldBy(Thread owner) {
		this.held.forEach((lockKey, held) -> {
			if (held.owner == owner) {
				release(lockKey.cache, lockKey.key, held.lock);
			}
		});
	}

	/**
	 * How many locks are held.
	 * @return the number of fragment keys being rendered under a lock
	 */
	int size() {
		return this.held.size();
	}

	/** A key of one cache: aliases are told apart by their instance. */
	private record LockKey(Cache cache, String key) {

		@Override
		public boolean equals(Object other) {
			return (other instanceof LockKey that) && this.cache == that.cache && this.key.equals(that.key);
		}

		@Override
		public int hashCode() {
			return System.identityHashCode(this.cache) * 31 + this.key.hashCode();
		}

	}

	private record Held(CacheLock lock, Thread owner, long since) {
	}

}
