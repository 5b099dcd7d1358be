package dev.cachette.cache.revalidation;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheLock;
import dev.cachette.cache.Refresh;
import dev.cachette.cache.resilience.BackgroundWork;
import dev.cachette.cache.resilience.CircuitBreaker;
import dev.cachette.cache.settings.CacheSettings;

/**
 * The stampede protection of one alias, shared by its versioned views: its options, the
 * per-key single-flight and lease that decide who recomputes a key for the
 * {@link Revalidation} flow, the flow's {@code getOrSet} with background refreshes
 * (stale-while-revalidate, XFetch early recompute) and timeout jitter. {@code BaseCache}
 * creates one per alias and calls it from {@code getOrSet}, {@code lock} and, for jitter,
 * from the methods that store a timeout, through its {@link RevalidationStore}, whose
 * primitives are all this class and the lease use of the backend.
 *
 * <p>
 * Options: {@code single-flight} (default {@code true}), {@code lock-timeout} (default
 * 5s: how long a caller waits for another's computation of the same key before running
 * the supplier itself, as nginx's {@code proxy_cache_lock_timeout}),
 * {@code timeout-jitter} (default none; {@code 10%} or {@code 0.1} multiplies each stored
 * timeout by a random factor in {@code [0.9, 1.1]}, so keys set together do not expire
 * together and the mean timeout is unchanged). Background recomputes run on the alias's
 * executor ({@link CacheSettings#executor()}, not the direct executor of local backends'
 * {@code async()}), one per key at a time even with {@code single-flight: false}.
 *
 * <p>
 * Option {@code lease} (a duration such as {@code 5s}, or {@code off}) adds the
 * {@link DistributedLease} behind single-flight: one computation per key across every
 * instance sharing the store, and background refreshes only in the instance holding the
 * lease. It is on by default ({@value #DEFAULT_LEASE_SECONDS}s) for backends whose store
 * other processes can share (every backend but locmem and dummy, see
 * {@code BaseCache.isLocal()}), since that is where several instances would otherwise
 * each run the supplier of a missing key; it costs a miss two more round trips (take and
 * release), none on a hit. With a lease, {@code lock-timeout} defaults to the lease plus
 * 5s, so that a crashed holder's lease expires before anyone stops waiting.
 *
 * <p>
 * While the alias's {@link CircuitBreaker} is open, a key with a stale-if-error window is
 * answered from the last envelope this JVM read or computed for it
 * ({@link LastKnownValues}), within that window, and refreshed in the background once
 * expired; a key this JVM has not seen is computed.
 */
final class RefreshingLoader {

	private static final Log logger = LogFactory.getLog(RefreshingLoader.class);

	private static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration NANOS_LIMIT = Duration.ofNanos(Long.MAX_VALUE);

	/** The lease of a shared backend when the {@code lease} option is unset. */
	static final int DEFAULT_LEASE_SECONDS = 5;

	private final String alias;

	private final Clock clock;

	private final Executor executor;

	private final boolean singleFlightEnabled;

	private final Duration lockTimeout;

	private final double jitter;

	private final StampedeStatistics statistics = new StampedeStatistics();

	private final SingleFlight singleFlight = new SingleFlight(this.statistics);

	private final @Nullable DistributedLease lease;

	private final LastKnownValues lastKnown = new LastKnownValues();

	/** Uniform in (0, 1]: XFetch takes its logarithm. Replaced by tests. */
	private volatile DoubleSupplier random = () -> 1.0 - ThreadLocalRandom.current().nextDouble();

	/**
	 * Creates the stampede protection of an alias.
	 * @param settings the alias settings
	 * @param sharedStore whether other processes may share the store, which turns the
	 * lease on unless the {@code lease} option says {@code off}
	 */
	RefreshingLoader(CacheSettings settings, boolean sharedStore) {
		this.alias = settings.alias();
		this.clock = settings.clock();
		this.executor = settings.executor();
		this.singleFlightEnabled = settings.booleanOption("single-flight", true);
		Duration leaseDuration = parseLease(settings, sharedStore);
		this.lockTimeout = settings.durationOption("lock-timeout",
				(leaseDuration != null) ? leaseDuration.plus(DEFAULT_LOCK_TIMEOUT) : DEFAULT_LOCK_TIMEOUT);
		if (this.lockTimeout.isNegative()) {
			throw settings.invalidOption("lock-timeout", settings.option("lock-timeout"), "zero or positive");
		}
		this.jitter = parseJitter(settings);
		this.lease = (leaseDuration != null) ? new DistributedLease(leaseDuration, this.lockTimeout, this.statistics)
				: null;
	}

	private static @Nullable Duration parseLease(CacheSettings settings, boolean sharedStore) {
		Object value = settings.option("lease");
		if (value == null) {
			return sharedStore ? Duration.ofSeconds(DEFAULT_LEASE_SECONDS) : null;
		}
		// YAML reads an unquoted off as false.
		String text = value.toString().trim().toLowerCase(java.util.Locale.ROOT);
		if (text.equals("off") || text.equals("false") || text.equals("none")) {
			return null;
		}
		Duration lease = settings.durationOption("lease", Duration.ZERO);
		if (lease.isNegative() || lease.isZero()) {
			throw settings.invalidOption("lease", value, "a positive duration such as 5s, or off");
		}
		return lease;
	}

	private static double parseJitter(CacheSettings settings) {
		Object value = settings.option("timeout-jitter");
		if (value == null) {
			return 0;
		}
		String text = value.toString().trim();
		try {
			double fraction = text.endsWith("%") ? Double.parseDouble(text.substring(0, text.length() - 1).trim()) / 100
					: Double.parseDouble(text);
			if (fraction >= 0 && fraction < 1) {
				return fraction;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw settings.invalidOption("timeout-jitter", value, "a fraction from 0 to less than 1, such as 10% or 0.1");
	}

	/**
	 * What the stampede protection of this alias has done.
	 * @return the statistics
	 */
	StampedeStatistics statistics() {
		return this.statistics;
	}

	SingleFlight singleFlight() {
		return this.singleFlight;
	}

	Duration lockTimeout() {
		return this.lockTimeout;
	}

	void random(DoubleSupplier random) {
		this.random = random;
	}

	/**
	 * The alias's clock, epoch milliseconds: the clock of logical expiry.
	 * @return now
	 */
	long now() {
		return this.clock.millis();
	}

	/**
	 * Tells whether a resolved timeout means "never expire", as {@code BaseCache} does.
	 * @param timeout a resolved timeout
	 * @return whether it is {@link Cache#FOREVER} or too long to count in nanoseconds
	 */
	static boolean isForever(Duration timeout) {
		return timeout.compareTo(NANOS_LIMIT) >= 0;
	}

	/**
	 * Returns the revalidation flow on a store of this alias, for {@code getOrSet} and
	 * for the page and fragment caches: its single-flight and lease decide who
	 * recomputes.
	 * @param store the store, on the caller's made keys (a version view's are its
	 * version's)
	 * @param clock the clock of the stale windows
	 * @return the flow
	 */
	Revalidation revalidation(RevalidationStore store, Clock clock) {
		return new Revalidation(this.alias, new LeasingStore(store), clock);
	}

	/**
	 * Applies the alias's jitter to a timeout about to be stored.
	 * @param timeout a timeout; non-positive and forever ones are returned as given
	 * @return the timeout to store
	 */
	Duration jitter(Duration timeout) {
		return jitter(timeout, this.jitter);
	}

	private Duration jitter(Duration timeout, double fraction) {
		if (fraction == 0 || timeout.isNegative() || timeout.isZero() || isForever(timeout)) {
			return timeout;
		}
		// random() is in (0, 1], so the factor is in (1 - fraction, 1 + fraction].
		double factor = 1 - fraction + 2 * fraction * this.random.getAsDouble();
		return Duration.ofMillis(Math.max(1, Math.round(timeout.toMillis() * factor)));
	}

	/**
	 * Plain {@code getOrSet} after the caller's read missed, on the {@link Revalidation}
	 * flow without windows: a plain value is fresh until the store expires it, so the
	 * flow only decides who computes. The caller it picks runs Django's
	 * {@code get_or_set}; a stored value another caller added first wins.
	 */
	@SuppressWarnings("unchecked")
	@Nullable Object getOrSet(RevalidationStore store, Revalidation flow, String key, @Nullable Object missed,
			Supplier<?> supplier, Duration timeout) {
		// The flow's first lookup is the caller's read: no second round trip.
		boolean[] first = { true };
		Supplier<?> lookup = () -> {
			if (first[0]) {
				first[0] = false;
				return missed;
			}
			return store.read(key);
		};
		Revalidation.Outcome<Object> outcome = flow.begin(key, Object.class, lookup, (value) -> true,
				Revalidation.Windows.NONE, this.singleFlightEnabled || this.lease != null, false, this.statistics);
		if (outcome instanceof Revalidation.Serve<Object> serve) {
			return serve.value();
		}
		try (Revalidation.Ticket<Object> ticket = (Revalidation.Ticket<Object>) outcome) {
			try {
				Object computed = supplier.get();
				if (ticket.stale() != null) {
					// A stale envelope would make add fail until its grace ends.
					store.set(key, computed, timeout);
				}
				else {
					store.add(key, computed, timeout);
				}
				// Django reads again, so a value another caller added first wins.
				Object current = store.unwrap(store.read(key));
				Object value = (current != RevalidationStore.MISSING) ? current : computed;
				ticket.publish(value);
				return value;
			}
			catch (RuntimeException ex) {
				return ticket.failed(ex);
			}
		}
	}

	/**
	 * The per-key lock of {@link Cache#lock(String)}: the single-flight slot, plus the
	 * lease if there is one.
	 * @param store the alias's store
	 * @param key the stored key
	 * @return the lock
	 */
	CacheLock lock(RevalidationStore store, String key) {
		if (!this.singleFlightEnabled) {
			return CacheLock.UNCOORDINATED;
		}
		CacheLock local = this.singleFlight.lock(key, this.lockTimeout);
		return (this.lease != null && local.acquired()) ? this.lease.lock(store, key, local) : local;
	}

	/**
	 * Claims the recomputation of a key for the {@link Revalidation} flow: the
	 * single-flight slot, then the lease if there is one.
	 * @param store the alias's store
	 * @param key the stored key
	 * @param lookup reads the fresh value, or {@link RevalidationStore#MISSING}
	 * @param deadline when a waiter gives up, {@link System#nanoTime()}
	 * @param first whether a wait is counted
	 * @param counters where local waits are counted
	 * @return see {@link FlowStore#claim}
	 */
	@Nullable Object claim(RevalidationStore store, String key, Supplier<?> lookup, long deadline, boolean first,
			StampedeStatistics counters) {
		Object local = this.singleFlightEnabled ? this.singleFlight.enter(key, deadline, first, counters) : Claim.NONE;
		DistributedLease lease = this.lease;
		if (!(local instanceof Claim claim) || lease == null) {
			return local;
		}
		Object leased;
		try {
			leased = lease.enter(store, key, lookup, deadline, first);
		}
		catch (RuntimeException | Error ex) {
			claim.close();
			throw ex;
		}
		if (leased instanceof CacheLock held) {
			return claim.coordinated() ? claim.with(held) : new Claim(held, null);
		}
		if (leased == SingleFlight.TIMED_OUT) {
			// Computed without the lease, still holding the local slot.
			return claim;
		}
		if (leased != RevalidationStore.MISSING) {
			claim.publish(leased);
		}
		claim.close();
		return (leased != RevalidationStore.MISSING) ? leased : SingleFlight.RELEASED;
	}

	/**
	 * Claims the recomputation of a key if nobody holds it, never waiting.
	 * @param store the alias's store
	 * @param key the stored key
	 * @return the claim, or {@code null}
	 */
	@Nullable Claim tryClaim(RevalidationStore store, String key) {
		Claim claim = this.singleFlightEnabled ? this.singleFlight.tryEnter(key) : Claim.NONE;
		DistributedLease lease = this.lease;
		if (claim == null || lease == null) {
			return claim;
		}
		CacheLock held;
		try {
			held = lease.tryTake(store, key);
		}
		catch (RuntimeException | Error ex) {
			claim.close();
			throw ex;
		}
		if (held == null) {
			claim.close();
			return null;
		}
		return claim.coordinated() ? claim.with(held) : new Claim(held, null);
	}

	/**
	 * {@code getOrSet} with refresh, on the {@link Revalidation} flow: see
	 * {@link Cache#getOrSet(String, Duration, Supplier, Refresh)}. A stale value is
	 * served to every caller and refreshed in the background, as is a fresh one that
	 * XFetch picks for early recompute.
	 */
	@Nullable Object getOrSet(RevalidationStore store, Revalidation flow, String key, Duration timeout, Supplier<?> supplier,
			Refresh refresh) {
		Revalidation.Windows windows = new Revalidation.Windows(refresh.staleWhileRevalidate(), refresh.staleIfError());
		Revalidation.Outcome<Object> outcome = flow.begin(key, Object.class, () -> store.read(key), (value) -> true,
				windows, this.singleFlightEnabled || this.lease != null, false, this.statistics);
		if (outcome instanceof Revalidation.Serve<Object> serve) {
			Envelope entry = serve.entry();
			if (entry != null && (serve.revalidate() || isEarly(entry, now(), refresh.beta()))) {
				if (!serve.revalidate()) {
					this.statistics.earlyRecompute();
				}
				refreshInBackground(store, flow, key, entry, timeout, supplier, refresh);
			}
			return serve.value();
		}
		try (Revalidation.Ticket<Object> ticket = (Revalidation.Ticket<Object>) outcome) {
			try {
				Object value = compute(store, flow, key, timeout, supplier, refresh);
				ticket.publish(value);
				return value;
			}
			catch (RuntimeException ex) {
				return ticket.failed(ex);
			}
		}
	}

	/**
	 * The XFetch rule: recompute early when {@code now - delta * beta * ln(random) >=
	 * expiry}.
	 */
	boolean isEarly(Envelope envelope, long now, double beta) {
		if (beta == 0 || envelope.computeMillis() <= 0 || envelope.expiresAt() == Long.MAX_VALUE) {
			return false;
		}
		double gap = -envelope.computeMillis() * beta * Math.log(this.random.getAsDouble());
		return now + gap >= envelope.expiresAt();
	}

	private void refreshInBackground(RevalidationStore store, Revalidation flow, String key, Envelope seen,
			Duration timeout, Supplier<?> supplier, Refresh refresh) {
		DistributedLease lease = this.lease;
		Supplier<?> refreshing = () -> {
			// The entry may have been refreshed since this caller read it (here, or
			// under the lease elsewhere): then it is not refreshed twice.
			Object current = store.read(key);
			if (current instanceof Envelope stored && stored.expiresAt() != seen.expiresAt()) {
				return stored.value();
			}
			return compute(store, flow, key, timeout, supplier, refresh);
		};
		// Background work: its calls get the alias's background-timeout, not the
		// request path's operation-timeout.
		this.singleFlight.runInBackground(key, this.executor, () -> BackgroundWork.call(() -> {
			try {
				// With a lease, only the instance holding it refreshes.
				return (lease != null) ? lease.runIfFree(store, key, refreshing) : refreshing.get();
			}
			catch (RuntimeException ex) {
				this.statistics.refreshFailure();
				logger.warn("Cache '" + this.alias + "': recomputing '" + key
						+ "' in the background failed; the stale value stays: " + ex, ex);
				throw ex;
			}
		}));
	}

	private @Nullable Object compute(RevalidationStore store, Revalidation flow, String key, Duration timeout,
			Supplier<?> supplier, Refresh refresh) {
		long start = now();
		Object value = supplier.get();
		long end = now();
		if (timeout.isNegative() || timeout.isZero()) {
			return value;
		}
		Duration logical = jitter(timeout, (refresh.jitter() != null) ? refresh.jitter() : this.jitter);
		if (isForever(logical)) {
			store.write(key, new Envelope(value, Long.MAX_VALUE, end - start, 0, 0), Cache.FOREVER);
			return value;
		}
		Revalidation.Windows windows = new Revalidation.Windows(refresh.staleWhileRevalidate(), refresh.staleIfError());
		Envelope envelope = new Envelope(value, end + logical.toMillis(), end - start,
				refresh.staleWhileRevalidate().toMillis(), refresh.staleIfError().toMillis());
		flow.remember(key, envelope, windows);
		store.write(key, envelope, windows.kept(logical));
		return value;
	}

	LastKnownValues lastKnown() {
		return this.lastKnown;
	}

	/**
	 * The flow's store for a {@link RevalidationStore}: its entries under its made keys,
	 * envelopes left wrapped, coordinated by the alias's single-flight and lease.
	 */
	private final class LeasingStore implements FlowStore {

		private final RevalidationStore store;

		LeasingStore(RevalidationStore store) {
			this.store = store;
		}

		@Override
		public String storedKey(String key) {
			return this.store.storedKey(key);
		}

		@Override
		public @Nullable Object read(String storedKey) {
			return this.store.read(storedKey);
		}

		@Override
		public void write(String storedKey, @Nullable Object value, @Nullable Duration timeout) {
			this.store.set(storedKey, value, timeout);
		}

		@Override
		public @Nullable Object claim(String storedKey, Supplier<?> lookup, long deadline, boolean first,
				StampedeStatistics counters) {
			return RefreshingLoader.this.claim(this.store, storedKey, lookup, deadline, first, counters);
		}

		@Override
		public @Nullable Claim tryClaim(String storedKey) {
			return RefreshingLoader.this.tryClaim(this.store, storedKey);
		}

		@Override
		public Duration lockTimeout() {
			return RefreshingLoader.this.lockTimeout;
		}

		@Override
		public @Nullable LastKnownValues lastKnown() {
			return this.store.hasCircuitBreaker() ? RefreshingLoader.this.lastKnown : null;
		}

		@Override
		public boolean circuitOpen() {
			return this.store.circuitOpen();
		}

	}

}
