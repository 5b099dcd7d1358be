package dev.cachette.cache.revalidation;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.cachette.cache.CacheLock;
import dev.cachette.cache.Refresh;
import dev.cachette.cache.settings.CacheSettings;

/**
 * A backend's store as the stampede protection and the {@link Revalidation} flow see it,
 * and their entry point. A subclass implements the primitives they need: its made keys,
 * raw reads and writes that leave envelopes wrapped, the primitives of the distributed
 * lease and the state of its circuit breaker. In return it gets the alias's stampede
 * protection: {@code getOrSet} with single-flight, lease and refresh, {@code lock}, the
 * timeout jitter and the flow on its keys. {@code BaseCache} extends it once, on its
 * guarded primitives, so that the flow never depends on the backends; any other
 * {@code Cache} runs the flow through its {@code lock()} instead and needs none.
 *
 * <p>
 * Keys are stored keys (made by the key function and validated), except for
 * {@link #storedKey}, which makes one. The options ({@code single-flight},
 * {@code lock-timeout}, {@code lease}, {@code timeout-jitter}) are described in
 * {@code RefreshingLoader}, which does the work.
 */
public abstract class RevalidationStore {

	/**
	 * What {@link #read} answers for a missing or expired key: the same object as
	 * {@code BaseCache.MISSING}, never stored, never returned to callers.
	 */
	public static final Object MISSING = new Object() {
		@Override
		public String toString() {
			return "MISSING";
		}
	};

	private final RefreshingLoader loader;

	/**
	 * Creates the store of an alias, with the alias's stampede protection.
	 * @param settings the alias settings
	 * @param sharedStore whether other processes may share the store, which turns the
	 * distributed lease on unless option {@code lease} says {@code off}
	 * @throws dev.cachette.cache.InvalidCacheBackendException if an option is invalid
	 */
	protected RevalidationStore(CacheSettings settings, boolean sharedStore) {
		this.loader = new RefreshingLoader(settings, sharedStore);
	}

	/**
	 * Creates the store of another view of an alias (a version view), sharing the alias's
	 * stampede protection: its single-flight, lease, counters and jitter.
	 * @param alias the store of the alias
	 */
	protected RevalidationStore(RevalidationStore alias) {
		this.loader = alias.loader;
	}

	/**
	 * Makes and validates the key a caller's key is stored under.
	 * @param key the caller's key
	 * @return the stored key
	 */
	protected abstract String storedKey(String key);

	/**
	 * Reads an entry as stored, envelopes included; a failure reads as a miss (unless the
	 * alias is strict).
	 * @param storedKey the stored key
	 * @return the entry, or {@link #MISSING}
	 */
	protected abstract @Nullable Object read(String storedKey);

	/**
	 * Writes an entry as {@code Cache.set} does: the timeout resolved, jittered and
	 * counted as a put, a non-positive one deleting the key.
	 * @param storedKey the stored key
	 * @param value the value or envelope
	 * @param timeout the timeout, {@code null} for the cache's default
	 */
	protected abstract void set(String storedKey, @Nullable Object value, @Nullable Duration timeout);

	/**
	 * Adds an entry as {@code Cache.add} does, counted as a put; a failure answers
	 * {@code false} (unless the alias is strict).
	 * @param storedKey the stored key
	 * @param value the value
	 * @param timeout the timeout, not yet resolved
	 * @return whether it was added
	 */
	protected abstract boolean add(String storedKey, @Nullable Object value, Duration timeout);

	/**
	 * Writes an entry as given, for a value the stampede protection computed: the timeout
	 * is already resolved and jittered, and the write is not counted.
	 * @param storedKey the stored key
	 * @param value the value or envelope
	 * @param timeout positive, or {@code Cache.FOREVER}
	 * @return {@code false} when a failure was answered by the fail-open rule
	 */
	protected abstract boolean write(String storedKey, @Nullable Object value, Duration timeout);

	/**
	 * Takes a lease for {@code getOrSet}; an unreachable store counts as taken (unless
	 * the alias is strict), so the caller computes as it would without a lease.
	 * @param leaseKey the stored key of the lease
	 * @param token a random token naming the holder
	 * @param duration the lease's duration
	 * @return whether this caller holds the lease
	 */
	protected abstract boolean takeLease(String leaseKey, String token, Duration duration);

	/**
	 * Takes a lease for {@code Cache.lock}, which promises coordination: a failure throws
	 * (with {@code ignore-exceptions}, counts as taken).
	 * @param leaseKey the stored key of the lease
	 * @param token a random token naming the holder
	 * @param duration the lease's duration
	 * @return whether this caller holds the lease
	 */
	protected abstract boolean takeLeaseOrThrow(String leaseKey, String token, Duration duration);

	/**
	 * Releases a lease if it still holds the token; never throws, since an unreleased
	 * lease expires on its own.
	 * @param leaseKey the stored key of the lease
	 * @param token the token it was taken with
	 */
	protected abstract void giveBackLease(String leaseKey, String token);

	/**
	 * Tells whether a lease is held; a failure says no (unless the alias is strict).
	 * @param leaseKey the stored key of the lease
	 * @return whether it is held
	 */
	protected abstract boolean leaseHeld(String leaseKey);

	/**
	 * Whether the store can be out of reach, so that the flow keeps the last envelopes
	 * this JVM saw (see {@link #circuitOpen}).
	 * @return whether the store has a circuit breaker
	 */
	protected abstract boolean hasCircuitBreaker();

	/**
	 * Whether the store is out of reach: its circuit breaker open or probing.
	 * @return whether it is
	 */
	protected abstract boolean circuitOpen();

	// The stampede protection, for BaseCache

	/**
	 * The alias's clock, epoch milliseconds: the clock of logical expiry.
	 * @return now
	 */
	public final long now() {
		return this.loader.now();
	}

	/**
	 * Applies the alias's jitter ({@code timeout-jitter}) to a timeout about to be
	 * stored.
	 * @param timeout a timeout; non-positive and forever ones are returned as given
	 * @return the timeout to store
	 */
	public final Duration jitter(Duration timeout) {
		return this.loader.jitter(timeout);
	}

	/**
	 * What the stampede protection of the alias has done, shared by its views.
	 * @return the statistics
	 */
	public final StampedeStatistics statistics() {
		return this.loader.statistics();
	}

	/**
	 * Reads a stored value as a plain read sees it: an envelope unwrapped while fresh, a
	 * logically expired one {@link #MISSING}, anything else as it is.
	 * @param stored what {@link #read} returned
	 * @return the value a plain read sees
	 */
	public final @Nullable Object unwrap(@Nullable Object stored) {
		return (stored instanceof Envelope) ? Envelope.unwrap(stored, now()) : stored;
	}

	/**
	 * Tells whether a stored value is the flow's envelope, which {@code add} does not
	 * replace until its grace ends.
	 * @param stored what {@link #read} returned
	 * @return whether it is an envelope
	 */
	public static boolean isEnvelope(@Nullable Object stored) {
		return stored instanceof Envelope;
	}

	/**
	 * Returns the revalidation flow on this store's keys, for {@code getOrSet} and for
	 * the page and fragment caches: the alias's single-flight and lease decide who
	 * recomputes.
	 * @param clock the clock of the stale windows
	 * @return the flow
	 */
	public final Revalidation revalidation(Clock clock) {
		return this.loader.revalidation(this, clock);
	}

	/**
	 * Plain {@code getOrSet} after a miss, on the flow: the caller the flow picks runs
	 * Django's {@code get_or_set} (compute, {@code add}, read again) and stores the value
	 * plain, the others get what it stored.
	 * @param flow the flow on this store
	 * @param key the stored key
	 * @param missed what the caller's read found: {@link #MISSING} or a stale envelope
	 * @param supplier computes the value
	 * @param timeout the timeout
	 * @return the value
	 */
	public final @Nullable Object getOrSet(Revalidation flow, String key, @Nullable Object missed, Supplier<?> supplier,
			Duration timeout) {
		return this.loader.getOrSet(this, flow, key, missed, supplier, timeout);
	}

	/**
	 * The per-key lock of {@code Cache.lock}: the single-flight slot, plus the lease if
	 * there is one.
	 * @param key the stored key
	 * @return the lock
	 */
	public final CacheLock lock(String key) {
		return this.loader.lock(this, key);
	}

	/**
	 * {@code getOrSet} with a {@link Refresh}, on the flow: a stale value is served to
	 * every caller and refreshed in the background, as is a fresh one that XFetch picks
	 * for early recompute.
	 * @param flow the flow on this store
	 * @param key the stored key
	 * @param timeout the logical timeout
	 * @param supplier computes the value (as it is to be stored)
	 * @param refresh the windows, XFetch's beta and the jitter
	 * @return the value
	 */
	public final @Nullable Object getOrSet(Revalidation flow, String key, Duration timeout, Supplier<?> supplier,
			Refresh refresh) {
		return this.loader.getOrSet(this, flow, key, timeout, supplier, refresh);
	}

	/** The stampede protection itself, for this package and its tests. */
	RefreshingLoader loader() {
		return this.loader;
	}

}
