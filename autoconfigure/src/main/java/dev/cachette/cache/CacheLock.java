package dev.cachette.cache;

/**
 * A per-key lock for work that fills a cache key outside a supplier, which cannot hand
 * {@link Cache#getOrSet} a supplier. Obtained from {@link Cache#lock(String)}, it gives
 * it the same stampede protection: one caller computes a missing key while the others
 * wait for it and then read the cache again. (Cachette's page and fragment caches use the
 * {@code Revalidation} flow, which also serves stale values; on a cache other than a
 * {@code BaseCache} the flow coordinates through this lock.)
 *
 * <pre>{@code
 * try (CacheLock lock = cache.lock(key)) {
 *     if (!lock.acquired() && lock.awaitRelease()) {
 *         Page page = cache.get(key);
 *         if (page != null) {
 *             return page;       // the holder stored it while we waited
 *         }
 *     }
 *     Page page = render();      // the holder, or a waiter that timed out
 *     cache.set(key, page);
 *     return page;
 * }
 * }</pre>
 *
 * <p>
 * On {@code BaseCache}, the lock is the alias's per-key single-flight (so a lock holder
 * and a concurrent {@code getOrSet} of the same key coalesce) and, when the alias sets
 * the {@code lease} option, the distributed lease shared by every application instance
 * using the same store. With {@code single-flight: false} every lock is acquired.
 * {@link #acquired()} and {@link #awaitRelease()} are called by the thread that obtained
 * the lock; {@link #close()} may come from any thread, once or more, so a framework can
 * release a lock whose request thread abandoned it (the Thymeleaf dialect reclaims a
 * fragment's lock left held by a template that never finished).
 */
public interface CacheLock extends AutoCloseable {

	/**
	 * A lock that coordinates nothing: always acquired, released by doing nothing. What
	 * {@link Cache#lock(String)} returns for caches without stampede protection.
	 */
	CacheLock UNCOORDINATED = new CacheLock() {

		@Override
		public boolean acquired() {
			return true;
		}

		@Override
		public boolean awaitRelease() {
			return true;
		}

		@Override
		public void close() {
		}

		@Override
		public String toString() {
			return "CacheLock.UNCOORDINATED";
		}

	};

	/**
	 * Tells whether this caller holds the lock and should compute the key. Decided when
	 * the lock was obtained: never blocks.
	 * @return {@code true} for the holder
	 */
	boolean acquired();

	/**
	 * For a caller that did not acquire the lock: waits until the holder releases it, at
	 * most the alias's {@code lock-timeout} (and, for a distributed lease, no longer than
	 * the lease's expiry, after which the lease is free). The caller then reads the cache
	 * again, and computes the key itself if the value is still missing. Returns
	 * {@code true} at once for the holder.
	 * @return {@code true} if the lock was released, {@code false} on timeout
	 * @throws CacheException if the thread is interrupted while waiting
	 */
	boolean awaitRelease();

	/**
	 * For the holder: releases the lock, waking the local waiters and deleting the
	 * distributed lease if it still holds it (compare-and-delete, so a lease that expired
	 * and was taken by another instance is left alone). For a caller that did not acquire
	 * the lock: does nothing. Idempotent; never throws for a cache failure (the lease
	 * then expires on its own).
	 */
	@Override
	void close();

}
