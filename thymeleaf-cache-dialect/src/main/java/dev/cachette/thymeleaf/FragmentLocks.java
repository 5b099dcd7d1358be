package dev.cachette.thymeleaf;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.cachette.cache.Cache;
import dev.cachette.cache.revalidation.Revalidation;

/**
 * The fragment keys this dialect's renderings hold (their {@link Revalidation.Ticket}s),
 * so that none is left held. A rendering releases a fragment's key when the fragment's
 * close tag is written, and every key it still holds when the template ends; Thymeleaf
 * calls nothing when a template throws, so a key whose rendering failed is released when
 * its Spring MVC request completes ({@link FragmentLockRelease}), and otherwise reclaimed
 * by the next lookup of its key once it has been held longer than
 * {@link #ABANDONED_AFTER}, far longer than any fragment takes to render. Until then
 * other lookups of the key wait at most the alias's {@code lock-timeout} and render
 * themselves.
 *
 * <p>
 * A rendering never waits for a key its own thread holds: the same fragment key twice in
 * one page renders the second one uncoordinated.
 */
final class FragmentLocks {

	/** How long a held fragment key may live before another lookup reclaims it. */
	static final Duration ABANDONED_AFTER = Duration.ofSeconds(30);

	private static final Log logger = LogFactory.getLog(FragmentLocks.class);

	private final Map<LockKey, Held> held = new ConcurrentHashMap<>();

	private final Clock clock;

	FragmentLocks(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Tells whether a lookup of a fragment key may wait for other renderings of it: not
	 * when this thread holds the key already. Reclaims a key held too long first.
	 * @param cache the fragment's cache
	 * @param key the fragment key
	 * @return whether the lookup coordinates
	 */
	boolean mayCoordinate(Cache cache, String key) {
		LockKey lockKey = new LockKey(cache, key);
		Held current = this.held.get(lockKey);
		if (current == null) {
			return true;
		}
		if (this.clock.millis() - current.since > ABANDONED_AFTER.toMillis()) {
			logger.warn("Releasing the lock of fragment key '" + key + "', held for more than "
					+ ABANDONED_AFTER.toSeconds() + " s by a rendering that never finished (it threw?)");
			release(cache, key, current.ticket);
			return true;
		}
		return current.owner != Thread.currentThread();
	}

	/**
	 * Keeps a ticket that holds its key, until {@link #release}.
	 * @param cache the fragment's cache
	 * @param key the fragment key
	 * @param ticket the ticket of the lookup
	 */
	void hold(Cache cache, String key, Revalidation.Ticket<String> ticket) {
		if (ticket.holdsKey()) {
			this.held.put(new LockKey(cache, key), new Held(ticket, Thread.currentThread(), this.clock.millis()));
		}
	}

	/**
	 * Releases a ticket's key. Never throws.
	 * @param cache the fragment's cache
	 * @param key the fragment key
	 * @param ticket the ticket
	 */
	void release(Cache cache, String key, Revalidation.Ticket<String> ticket) {
		this.held.computeIfPresent(new LockKey(cache, key), (k, held) -> (held.ticket == ticket) ? null : held);
		ticket.close();
	}

	/**
	 * Releases every key a thread holds: those of a rendering that threw, when its
	 * request completes. Never throws.
	 * @param owner the thread
	 */
	void releaseHeldBy(Thread owner) {
		this.held.forEach((lockKey, held) -> {
			if (held.owner == owner) {
				release(lockKey.cache, lockKey.key, held.ticket);
			}
		});
	}

	/**
	 * How many keys are held.
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

	private record Held(Revalidation.Ticket<String> ticket, Thread owner, long since) {
	}

}
