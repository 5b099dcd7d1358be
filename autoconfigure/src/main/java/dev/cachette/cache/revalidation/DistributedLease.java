package dev.cachette.cache.revalidation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.cachette.cache.CacheException;
import dev.cachette.cache.CacheLock;

/**
 * The distributed lease of one alias (option {@code lease}): before an instance runs the
 * supplier of a missing key, it takes a lease on the key in the shared store, so that one
 * computation runs per key across every application instance, not one per JVM.
 *
 * <p>
 * The lease is the entry {@code <stored key>:lease} (see {@link #leaseKey}) holding a
 * random token, written only if absent with the lease's duration as its timeout (Redis
 * {@code SET NX PX}, memcached {@code add}, a database insert-if-absent; see
 * {@code BaseCache.acquireLease}). The holder computes, stores the value, and deletes the
 * lease if it still holds its token. An instance that finds the lease taken polls, first
 * after 20 ms, then at growing intervals up to 50 ms: it returns the value as soon as it
 * appears, and takes the lease itself when the lease is gone without a value (the holder
 * failed, or crashed and the lease expired). So a crashed holder blocks a key for at most
 * the lease's duration. Every wait is bounded by {@code lock-timeout} (default, with a
 * lease: the lease plus 5s), after which the waiter computes without the lease.
 *
 * <p>
 * The lease must outlast the supplier, or a second instance takes it while the first
 * still computes. In one JVM the alias's single-flight runs first, so one caller per
 * instance takes part. Local backends (locmem, file) need no lease: their single-flight
 * already covers every caller of the store, except file caches shared by several
 * processes, where the default {@code add}-based lease works as well.
 */
final class DistributedLease {

	/** What the lease key appends to the stored key. */
	static final String SUFFIX = ":lease";

	/** Memcached's limit, the strictest of the backends. */
	private static final int MAX_KEY_LENGTH = 250;

	/** 170 + 1 + 64 hex digits + 6 = 241. */
	private static final int LONG_KEY_HEAD = 170;

	private static final long FIRST_PAUSE_MILLIS = 20;

	private static final long MAX_PAUSE_MILLIS = 50;

	private final Duration duration;

	private final Duration lockTimeout;

	private final StampedeStatistics statistics;

	DistributedLease(Duration duration, Duration lockTimeout, StampedeStatistics statistics) {
		this.duration = duration;
		this.lockTimeout = lockTimeout;
		this.statistics = statistics;
	}

	Duration duration() {
		return this.duration;
	}

	/**
	 * The lease key of a stored key: {@code <key>:lease}, or, when that would pass
	 * memcached's 250 characters, the key's first 170 characters, a colon, the SHA-256 of
	 * the whole key in hex and {@code :lease} (still 250 at most, distinct for distinct
	 * keys).
	 * @param key the stored key
	 * @return the lease key
	 */
	static String leaseKey(String key) {
		if (key.length() + SUFFIX.length() <= MAX_KEY_LENGTH) {
			return key + SUFFIX;
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
			return key.substring(0, LONG_KEY_HEAD) + ":" + HexFormat.of().formatHex(digest) + SUFFIX;
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every JVM", ex);
		}
	}

	/**
	 * For a caller that computes outside a supplier (the {@link Revalidation} flow):
	 * takes the key's lease, or waits for the value its holder stores.
	 * @param store the alias's store
	 * @param key the stored key
	 * @param lookup reads the value as the caller would see it, or
	 * {@link RevalidationStore#MISSING}
	 * @param deadline the {@link System#nanoTime()} after which a waiter gives up
	 * @param count whether a wait counts as a lease wait
	 * @return the held lease as a {@link CacheLock}; else the value that appeared,
	 * {@link RevalidationStore#MISSING} when the lease went without one, or
	 * {@link SingleFlight#TIMED_OUT}
	 */
	@Nullable Object enter(RevalidationStore store, String key, Supplier<?> lookup, long deadline, boolean count) {
		CacheLock held = tryTake(store, key);
		if (held != null) {
			return held;
		}
		if (count) {
			this.statistics.leaseWait();
		}
		Object found = awaitValueOrRelease(store, leaseKey(key), lookup, deadline);
		if (found == SingleFlight.TIMED_OUT) {
			this.statistics.lockTimeout();
		}
		return found;
	}

	/**
	 * Takes the key's lease if it is free, never waiting.
	 * @param store the alias's store
	 * @param key the stored key
	 * @return the held lease, released by {@link CacheLock#close()}, or {@code null}
	 */
	@Nullable CacheLock tryTake(RevalidationStore store, String key) {
		String leaseKey = leaseKey(key);
		String token = newToken();
		return store.takeLease(leaseKey, token, this.duration)
				? new HeldLease(store, leaseKey, token, CacheLock.UNCOORDINATED) : null;
	}

	/**
	 * Runs a background refresh only if this instance takes the key's lease now: with a
	 * lease, stale values are refreshed by the instance holding it, and the others keep
	 * serving the stale value.
	 * @param store the alias's store
	 * @param key the stored key
	 * @param computation computes and stores
	 * @return the result, or {@link SingleFlight#RELEASED} when another instance holds
	 * the lease
	 */
	@Nullable Object runIfFree(RevalidationStore store, String key, Supplier<?> computation) {
		CacheLock lease = tryTake(store, key);
		if (lease == null) {
			return SingleFlight.RELEASED;
		}
		try (lease) {
			return computation.get();
		}
	}

	/**
	 * Adds the lease to a lock that holds the key's single-flight slot.
	 * @param store the alias's store
	 * @param key the stored key
	 * @param local the held single-flight lock
	 * @return a held lock releasing both, or a lock that waits for the lease (the local
	 * slot released, since this caller computes nothing)
	 */
	CacheLock lock(RevalidationStore store, String key, CacheLock local) {
		String leaseKey = leaseKey(key);
		String token = newToken();
		boolean taken;
		try {
			// Cache.lock promises coordination: without the store it throws.
			taken = store.takeLeaseOrThrow(leaseKey, token, this.duration);
		}
		catch (RuntimeException ex) {
			local.close();
			throw ex;
		}
		if (taken) {
			return new HeldLease(store, leaseKey, token, local);
		}
		local.close();
		this.statistics.leaseWait();
		return new AwaitedLease(store, leaseKey);
	}

	/**
	 * Polls until the value appears (returned), the lease is gone without a value
	 * ({@link RevalidationStore#MISSING}) or the deadline passes
	 * ({@link SingleFlight#TIMED_OUT}).
	 */
	private static Object awaitValueOrRelease(RevalidationStore store, String leaseKey, @Nullable Supplier<?> lookup,
			long deadline) {
		long pause = FIRST_PAUSE_MILLIS;
		while (true) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return SingleFlight.TIMED_OUT;
			}
			sleep(Math.min(TimeUnit.MILLISECONDS.toNanos(pause), left), leaseKey);
			pause = Math.min(MAX_PAUSE_MILLIS, pause + pause / 2);
			if (lookup != null) {
				Object value = lookup.get();
				if (value != RevalidationStore.MISSING) {
					return value;
				}
			}
			if (!store.leaseHeld(leaseKey)) {
				return RevalidationStore.MISSING;
			}
		}
	}

	private static void sleep(long nanos, String leaseKey) {
		try {
			TimeUnit.NANOSECONDS.sleep(nanos);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CacheException("Interrupted while waiting for the lease '" + leaseKey + "'", ex);
		}
	}

	private static String newToken() {
		return UUID.randomUUID().toString();
	}

	/** The lock of the instance holding the lease and the local slot. */
	private static final class HeldLease implements CacheLock {

		private final RevalidationStore store;

		private final String leaseKey;

		private final String token;

		private final CacheLock local;

		private final AtomicBoolean closed = new AtomicBoolean();

		HeldLease(RevalidationStore store, String leaseKey, String token, CacheLock local) {
			this.store = store;
			this.leaseKey = leaseKey;
			this.token = token;
			this.local = local;
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
			if (!this.closed.compareAndSet(false, true)) {
				return;
			}
			try {
				this.store.giveBackLease(this.leaseKey, this.token);
			}
			finally {
				this.local.close();
			}
		}

	}

	/** The lock of a caller whose lease is held by another caller or instance. */
	private final class AwaitedLease implements CacheLock {

		private final RevalidationStore store;

		private final String leaseKey;

		AwaitedLease(RevalidationStore store, String leaseKey) {
			this.store = store;
			this.leaseKey = leaseKey;
		}

		@Override
		public boolean acquired() {
			return false;
		}

		@Override
		public boolean awaitRelease() {
			long deadline = System.nanoTime() + DistributedLease.this.lockTimeout.toNanos();
			if (awaitValueOrRelease(this.store, this.leaseKey, null, deadline) == SingleFlight.TIMED_OUT) {
				DistributedLease.this.statistics.lockTimeout();
				return false;
			}
			return true;
		}

		@Override
		public void close() {
		}

	}

}
