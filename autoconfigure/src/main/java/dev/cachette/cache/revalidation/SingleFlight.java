package dev.cachette.cache.revalidation;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.cachette.cache.CacheException;
import dev.cachette.cache.CacheLock;

/**
 * Per-key single-flight in one JVM (Go's {@code singleflight}): the first caller of a key
 * runs the computation, the others wait for its result, each only as long as
 * {@code lock-timeout} (nginx's {@code proxy_cache_lock_timeout}) and then compute
 * themselves. A failure is the result too: waiters get the leader's exception rather than
 * hammering a failing supplier. Keys never wait on each other, and a key's entry is
 * removed when its computation ends, so the map holds only computations in flight. A
 * {@link CacheLock} from {@link #lock} takes the same slot for work done outside a
 * supplier, so lock holders and {@code getOrSet} callers of a key wait for each other.
 */
final class SingleFlight {

	private static final Log logger = LogFactory.getLog(SingleFlight.class);

	/**
	 * The result of a computation that stored nothing for waiters to return: a released
	 * {@link CacheLock}, a background refresh another instance's lease took care of.
	 * Waiters of {@link #enter} then enter again.
	 */
	static final Object RELEASED = new Object() {
		@Override
		public String toString() {
			return "RELEASED";
		}
	};

	/** What a wait that reached its deadline returns. */
	static final Object TIMED_OUT = new Object() {
		@Override
		public String toString() {
			return "TIMED_OUT";
		}
	};

	private final ConcurrentHashMap<String, CompletableFuture<@Nullable Object>> calls = new ConcurrentHashMap<>();

	private final StampedeStatistics statistics;

	SingleFlight(StampedeStatistics statistics) {
		this.statistics = statistics;
	}

	/**
	 * For a caller that computes outside a supplier (the {@link Revalidation} flow):
	 * takes the key's slot, or waits for the computation in flight.
	 * @param key the stored key
	 * @param deadline the {@link System#nanoTime()} after which a waiter gives up
	 * @param count whether a wait counts as a coalesced wait
	 * @param counters where waits and timeouts are counted
	 * @return the held {@link Claim}; else what the leader published, {@link #RELEASED}
	 * when it published nothing, or {@link #TIMED_OUT}
	 * @throws RuntimeException the leader's failure
	 */
	@Nullable Object enter(String key, long deadline, boolean count, StampedeStatistics counters) {
		CompletableFuture<@Nullable Object> mine = new CompletableFuture<>();
		CompletableFuture<@Nullable Object> running = this.calls.putIfAbsent(key, mine);
		if (running == null) {
			return new Claim(new HeldLock(key, mine), mine);
		}
		if (count) {
			counters.coalescedWait();
		}
		try {
			return running.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			counters.lockTimeout();
			return TIMED_OUT;
		}
		catch (ExecutionException ex) {
			throw rethrow(ex.getCause());
		}
		catch (InterruptedException ex) {
			throw interrupted(key, ex);
		}
	}

	/**
	 * Takes the key's slot if it is free, never waiting.
	 * @param key the stored key
	 * @return the held claim, or {@code null} when a computation is in flight
	 */
	@Nullable Claim tryEnter(String key) {
		CompletableFuture<@Nullable Object> mine = new CompletableFuture<>();
		return (this.calls.putIfAbsent(key, mine) == null) ? new Claim(new HeldLock(key, mine), mine) : null;
	}

	/**
	 * Takes the key's slot for a caller that computes outside the flow (see
	 * {@link CacheLock}), or joins the computation in flight.
	 * @param key the stored key
	 * @param wait how long {@link CacheLock#awaitRelease()} waits
	 * @return the held lock, or a lock that waits for the computation in flight
	 */
	CacheLock lock(String key, Duration wait) {
		CompletableFuture<@Nullable Object> mine = new CompletableFuture<>();
		CompletableFuture<@Nullable Object> running = this.calls.putIfAbsent(key, mine);
		if (running == null) {
			return new HeldLock(key, mine);
		}
		this.statistics.coalescedWait();
		return new WaitingLock(key, running, wait);
	}

	/**
	 * Starts a computation on an executor unless one is in flight for the key; callers
	 * that {@link #enter} the key meanwhile wait for it.
	 * @param key the stored key
	 * @param executor where to run it
	 * @param computation the computation
	 * @return whether it was started
	 */
	boolean runInBackground(String key, Executor executor, Supplier<?> computation) {
		CompletableFuture<@Nullable Object> mine = new CompletableFuture<>();
		if (this.calls.putIfAbsent(key, mine) != null) {
			return false;
		}
		try {
			executor.execute(() -> {
				try {
					lead(key, mine, computation);
				}
				catch (RuntimeException | Error ex) {
					// lead() has handed the failure to any waiters; the caller logs.
				}
			});
			return true;
		}
		catch (RejectedExecutionException ex) {
			logger.warn("A background refresh of '" + key + "' was rejected by the executor", ex);
			this.calls.remove(key, mine);
			mine.completeExceptionally(ex);
			return false;
		}
	}

	/**
	 * How many computations are in flight.
	 * @return the number of keys being computed
	 */
	int inFlight() {
		return this.calls.size();
	}

	private @Nullable Object lead(String key, CompletableFuture<@Nullable Object> mine, Supplier<?> computation) {
		try {
			Object result = computation.get();
			mine.complete(result);
			return result;
		}
		catch (RuntimeException | Error ex) {
			mine.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.calls.remove(key, mine);
		}
	}

	private static CacheException interrupted(String key, InterruptedException ex) {
		Thread.currentThread().interrupt();
		return new CacheException("Interrupted while waiting for the value of '" + key + "'", ex);
	}

	private static RuntimeException rethrow(Throwable cause) {
		if (cause instanceof RuntimeException runtime) {
			return runtime;
		}
		if (cause instanceof Error error) {
			throw error;
		}
		return new CacheException("The computation failed: " + cause.getMessage(), cause);
	}

	/** The lock of the caller that took the key's slot. */
	private final class HeldLock implements CacheLock {

		private final String key;

		private final CompletableFuture<@Nullable Object> mine;

		HeldLock(String key, CompletableFuture<@Nullable Object> mine) {
			this.key = key;
			this.mine = mine;
		}

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
			SingleFlight.this.calls.remove(this.key, this.mine);
			this.mine.complete(RELEASED);
		}

	}

	/** The lock of a caller that found the key's slot taken. */
	private final class WaitingLock implements CacheLock {

		private final String key;

		private final CompletableFuture<@Nullable Object> running;

		private final Duration wait;

		WaitingLock(String key, CompletableFuture<@Nullable Object> running, Duration wait) {
			this.key = key;
			this.running = running;
			this.wait = wait;
		}

		@Override
		public boolean acquired() {
			return false;
		}

		@Override
		public boolean awaitRelease() {
			try {
				this.running.get(this.wait.toNanos(), TimeUnit.NANOSECONDS);
				return true;
			}
			catch (ExecutionException ex) {
				// The holder failed: released all the same.
				return true;
			}
			catch (TimeoutException ex) {
				SingleFlight.this.statistics.lockTimeout();
				return false;
			}
			catch (InterruptedException ex) {
				throw interrupted(this.key, ex);
			}
		}

		@Override
		public void close() {
		}

	}

}
