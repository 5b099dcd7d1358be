package dev.cachette.cache.revalidation;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.cachette.cache.Cache;
import dev.cachette.cache.Refresh;

/**
 * The one revalidation flow of Cachette: finds a key fresh or stale, decides who
 * recomputes it (single-flight in the JVM, a lease across instances), serves it stale
 * while one caller refreshes it and in place of an error, and stores it in one envelope
 * format. {@code getOrSet} with a {@link Refresh} runs on it, and so do the page cache
 * and the Thymeleaf fragment cache, whose recomputation happens outside any supplier (the
 * rest of the filter chain, the element's body): hence two phases.
 *
 * <pre class="code">
 * Revalidation.Outcome&lt;String&gt; outcome = flow.begin(key, String.class, () -&gt; flow.read(key), true, counters);
 * if (outcome instanceof Revalidation.Serve&lt;String&gt; serve) {
 *     return serve.value();
 * }
 * try (Revalidation.Ticket&lt;String&gt; ticket = (Revalidation.Ticket&lt;String&gt;) outcome) {
 *     ticket.store(key, render(), timeout, windows);
 * }
 * </pre>
 *
 * <p>
 * {@link #begin} answers a value to serve: fresh; stale within its stale-while-revalidate
 * window while another caller holds the key; what the caller it waited for stored; or,
 * within stale-if-error, the stale value when that caller stored nothing in time, or the
 * last one this JVM saw of the very key it reads while the alias's circuit is open
 * ({@link LastKnownValues}). Otherwise it answers a {@link Ticket}: this caller
 * recomputes, holding the key until {@link Ticket#close()}, which every path must reach.
 * A value stored with windows is kept for its timeout plus the larger window as an
 * envelope that plain reads of a {@code BaseCache} unwrap, so {@code get} still sees
 * Django's semantics; one stored without windows is stored plain.
 *
 * <p>
 * The counters of each layer are one {@link StampedeStatistics}: the alias's own for
 * {@code getOrSet}, the page cache's and the fragment cache's for theirs.
 *
 * <p>
 * Over 400 lines on purpose: the flow and its three small result types ({@link Serve},
 * {@link Ticket}, {@link Windows}) are one state machine, read in one file. Who
 * recomputes is the store's ({@link FlowStore}); the background refreshes of
 * {@code getOrSet} are {@link RefreshingLoader}'s.
 */
public final class Revalidation {

	private static final Log logger = LogFactory.getLog(Revalidation.class);

	private final String alias;

	private final FlowStore store;

	private final Clock clock;

	/** Last known values of this flow's own, in place of the store's; or {@code null}. */
	private final @Nullable LastKnownValues ownLastKnown;

	Revalidation(String alias, FlowStore store, Clock clock) {
		this(alias, store, clock, null);
	}

	private Revalidation(String alias, FlowStore store, Clock clock, @Nullable LastKnownValues ownLastKnown) {
		this.alias = alias;
		this.store = store;
		this.clock = clock;
		this.ownLastKnown = ownLastKnown;
	}

	/**
	 * Returns this flow on the same store, keeping the last values it sees in a memory of
	 * its own rather than the alias's (see
	 * {@link #begin(String, Class, Supplier, Supplier, Predicate, boolean, StampedeStatistics)}),
	 * bounded in entries and in bytes: for pages, which are large. As the alias's, it is
	 * used only for a store with a circuit breaker, and keeps only values with a
	 * stale-if-error window.
	 * @param maxEntries how many keys it keeps, the least recently used dropped first
	 * @param maxBytes how many bytes their values may weigh together
	 * @param weigher a value's weight in bytes
	 * @return the flow
	 */
	public Revalidation keepingLastKnown(int maxEntries, long maxBytes, ToLongFunction<@Nullable Object> weigher) {
		return new Revalidation(this.alias, this.store, this.clock, new LastKnownValues(maxEntries, maxBytes, weigher));
	}

	/**
	 * Drops the last known values whose stored keys match, so that what was invalidated
	 * in this JVM is not served while the store is out of reach.
	 * @param storedKeys which stored keys to drop
	 */
	public void forgetKnown(Predicate<String> storedKeys) {
		LastKnownValues lastKnown = lastKnownValues();
		if (lastKnown != null) {
			lastKnown.forget(storedKeys);
		}
	}

	/**
	 * Returns the flow of a cache: a {@link Source} (a {@code BaseCache}) coordinates
	 * through its alias's single-flight and lease; any other cache through its
	 * {@link Cache#lock(String)}.
	 * @param cache the cache
	 * @param clock the clock of the stale windows
	 * @return the flow
	 */
	public static Revalidation of(Cache cache, Clock clock) {
		if (cache instanceof Source source) {
			return source.revalidation(clock);
		}
		return new Revalidation(cache.alias(), new LockingStore(cache), clock);
	}

	/**
	 * Reads an entry as stored, for the lookup of {@link #begin}: an envelope stays
	 * wrapped, so that a stale value can be found.
	 * @param key the key
	 * @return the entry, or {@code null} for a miss
	 */
	public @Nullable Object read(String key) {
		Object stored = this.store.read(this.store.storedKey(key));
		return (stored != RevalidationStore.MISSING) ? stored : null;
	}

	/**
	 * The first phase: looks a key up and decides whether this caller serves a value or
	 * recomputes it.
	 * @param <T> the type of the value
	 * @param lockKey the key whose recomputation is claimed, usually the key read
	 * @param type the value's type; an entry of another type is a miss
	 * @param lookup reads the entry through {@link #read}, or returns {@code null};
	 * called again after a wait
	 * @param accept whether a value found may be served to this caller
	 * @param coordinate whether callers of the key wait for each other (single-flight);
	 * {@code false} makes every miss recompute
	 * @param counters where this layer counts stale serves and waits
	 * @return a {@link Serve} or a {@link Ticket}
	 */
	public <T> Outcome<T> begin(String lockKey, Class<T> type, Supplier<@Nullable Object> lookup,
			Predicate<? super T> accept, boolean coordinate, StampedeStatistics counters) {
		return begin(lockKey, type, lookup, () -> lockKey, accept, coordinate, counters);
	}

	/**
	 * The first phase, for a caller whose lookup reads another key than the one it
	 * claims: a page, claimed under its URL's {@code cache_header} key and read under its
	 * variant's {@code cache_page} key. What the lookup finds is remembered under the key
	 * it read, and while the store is out of reach (its circuit open) the value
	 * remembered under that key is served, within its stale-if-error window: never one of
	 * another key, so never another variant's.
	 * @param <T> the type of the value
	 * @param lockKey the key whose recomputation is claimed
	 * @param type the value's type; an entry of another type is a miss
	 * @param lookup reads the entry through {@link #read}, or returns {@code null}
	 * @param knownKey asked after each lookup: the key it read, or would have read while
	 * the store is out of reach; {@code null} when the caller cannot tell (a page whose
	 * {@code Vary} list this JVM has not seen)
	 * @param accept whether a value found (or remembered) may be served to this caller
	 * @param coordinate whether callers of the key wait for each other
	 * @param counters where this layer counts stale serves and waits
	 * @return a {@link Serve} or a {@link Ticket}
	 */
	public <T> Outcome<T> begin(String lockKey, Class<T> type, Supplier<@Nullable Object> lookup,
			Supplier<@Nullable String> knownKey, Predicate<? super T> accept, boolean coordinate,
			StampedeStatistics counters) {
		Supplier<?> stored = () -> {
			Object found = lookup.get();
			return (found != null) ? found : RevalidationStore.MISSING;
		};
		Supplier<@Nullable String> storedKnownKey = () -> {
			String key = knownKey.get();
			return (key != null) ? this.store.storedKey(key) : null;
		};
		return begin(this.store.storedKey(lockKey), type, stored, storedKnownKey, accept, null, coordinate, true,
				counters);
	}

	/**
	 * The flow, for a caller that reads the key it claims ({@code getOrSet}).
	 * @param lookup reads the entry, or {@link RevalidationStore#MISSING}
	 * @param override the windows of the call, {@code null} for those stored with the
	 * entry
	 * @param inline whether the caller holding the key refreshes a stale value itself
	 * (pages, fragments), else every caller serves it and the caller refreshes it in the
	 * background ({@code getOrSet})
	 */
	<T> Outcome<T> begin(String key, Class<T> type, Supplier<?> lookup, Predicate<? super T> accept,
			@Nullable Windows override, boolean coordinate, boolean inline, StampedeStatistics counters) {
		return begin(key, type, lookup, () -> key, accept, override, coordinate, inline, counters);
	}

	/**
	 * The flow itself.
	 * @param knownKey the stored key the lookup read (or would read), asked after it:
	 * what it found is remembered under that key, and served from there while the store
	 * is out of reach; {@code null} remembers and serves nothing
	 */
	private <T> Outcome<T> begin(String key, Class<T> type, Supplier<?> lookup, Supplier<@Nullable String> knownKey,
			Predicate<? super T> accept, @Nullable Windows override, boolean coordinate, boolean inline,
			StampedeStatistics counters) {
		long now = now();
		Envelope entry = entry(lookup.get(), type, accept);
		String known = knownKey.get();
		Envelope stale = null;
		if (entry != null) {
			Windows windows = (override != null) ? override : Windows.of(entry);
			if (known != null) {
				remember(known, entry, windows);
			}
			if (entry.isFresh(now)) {
				return new Serve<>(type.cast(entry.value()), entry, false);
			}
			if (entry.isWithin(now, windows.staleWhileRevalidate().toMillis())) {
				Claim claim = !inline ? null : coordinate ? this.store.tryClaim(key) : Claim.NONE;
				if (claim != null) {
					return new Ticket<>(this, key, type, claim, entry, windows, counters);
				}
				counters.staleServe();
				return new Serve<>(type.cast(entry.value()), entry, true);
			}
			stale = entry;
		}
		else if (known != null) {
			Serve<T> last = lastKnown(known, type, accept, override, now, counters);
			if (last != null) {
				return last;
			}
		}
		Windows windows = (override != null) ? override : (stale != null) ? Windows.of(stale) : Windows.NONE;
		// While the store is out of reach, an inline caller's waiters would find nothing
		// the holder stored and only wait their turn, one rendering after another: pages
		// and fragments then render side by side, as without a cache. (getOrSet's holder
		// hands its value to its waiters, so they still wait for it.)
		boolean waits = coordinate && !(inline && this.store.circuitOpen());
		return waits ? await(key, type, lookup, accept, stale, windows, inline, counters)
				: new Ticket<>(this, key, type, Claim.NONE, stale, windows, counters);
	}

	/**
	 * While the store is out of reach, the last envelope this JVM saw of a key with a
	 * stale-if-error window is the only stale value there is (see
	 * {@link LastKnownValues}).
	 */
	private <T> @Nullable Serve<T> lastKnown(String key, Class<T> type, Predicate<? super T> accept,
			@Nullable Windows override, long now, StampedeStatistics counters) {
		LastKnownValues lastKnown = lastKnownValues();
		if (lastKnown == null || !this.store.circuitOpen()) {
			return null;
		}
		Envelope known = lastKnown.find(key);
		if (known == null || !matches(type, known.value()) || !accept.test(type.cast(known.value()))) {
			return null;
		}
		Windows windows = (override != null) ? override : Windows.of(known);
		if (windows.staleIfError().isZero() || !known.isWithin(now, windows.staleIfError().toMillis())) {
			return null;
		}
		boolean fresh = known.isFresh(now);
		if (!fresh) {
			counters.staleIfErrorServe();
		}
		return new Serve<>(type.cast(known.value()), known, !fresh);
	}

	/**
	 * Claims the key, or waits for the caller holding it and serves what it stored. For
	 * an inline caller, whose own failure may come too late to be replaced (a fragment's
	 * exception ends its template), a wait that ends with nothing fresh serves the stale
	 * value within its stale-if-error window (the holder failed, or hangs); otherwise the
	 * caller claims again, or recomputes after a timeout.
	 */
	private <T> Outcome<T> await(String key, Class<T> type, Supplier<?> lookup, Predicate<? super T> accept,
			@Nullable Envelope stale, Windows windows, boolean inline, StampedeStatistics counters) {
		Supplier<?> fresh = () -> freshValue(lookup.get(), type, accept);
		long deadline = System.nanoTime() + this.store.lockTimeout().toNanos();
		boolean first = true;
		while (true) {
			Object entered;
			try {
				entered = this.store.claim(key, fresh, deadline, first, counters);
				first = false;
			}
			catch (RuntimeException ex) {
				// The caller waited for failed: its failure is this caller's too.
				T fallback = staleIfError(key, stale, windows, counters, ex);
				if (fallback == null) {
					throw ex;
				}
				return new Serve<>(fallback, stale, false);
			}
			if (entered instanceof Claim claim) {
				Object again = claim.coordinated() ? reread(claim, fresh) : RevalidationStore.MISSING;
				if (again == RevalidationStore.MISSING) {
					return new Ticket<>(this, key, type, claim, stale, windows, counters);
				}
				// Stored just before this caller took the claim: nothing to recompute.
				claim.close();
				entered = again;
			}
			else if (entered == SingleFlight.RELEASED) {
				entered = fresh.get();
			}
			if (entered != RevalidationStore.MISSING && entered != SingleFlight.TIMED_OUT && matches(type, entered)) {
				return new Serve<>(type.cast(entered), null, false);
			}
			T fallback = inline
					? staleIfError(key, stale, windows, counters, "the caller recomputing it stored nothing in time")
					: null;
			if (fallback != null) {
				return new Serve<>(fallback, stale, false);
			}
			if (entered == SingleFlight.TIMED_OUT) {
				return new Ticket<>(this, key, type, Claim.NONE, stale, windows, counters);
			}
		}
	}

	/** Reads again under a claim, which a failure releases. */
	private static @Nullable Object reread(Claim claim, Supplier<?> fresh) {
		try {
			return fresh.get();
		}
		catch (RuntimeException | Error ex) {
			claim.close();
			throw ex;
		}
	}

	/** The stale value within its stale-if-error window, counted and logged, or null. */
	@SuppressWarnings("unchecked")
	private <T> @Nullable T staleIfError(String key, @Nullable Envelope stale, Windows windows,
			StampedeStatistics counters, Object failure) {
		if (stale == null || windows.staleIfError().isZero()
				|| !stale.isWithin(now(), windows.staleIfError().toMillis())) {
			return null;
		}
		counters.staleIfErrorServe();
		logger.warn("Cache '" + this.alias + "': serving a stale value of '" + key
				+ "' (within stale-if-error) because recomputing it failed: " + failure);
		return (T) stale.value();
	}

	/**
	 * Reads what the lookup found as an envelope, or {@code null} for a miss: a plain
	 * value is fresh until the store expires it.
	 */
	private static <T> @Nullable Envelope entry(@Nullable Object stored, Class<T> type, Predicate<? super T> accept) {
		if (stored instanceof Envelope envelope) {
			return (matches(type, envelope.value()) && accept.test(type.cast(envelope.value()))) ? envelope : null;
		}
		if (stored != RevalidationStore.MISSING && matches(type, stored) && accept.test(type.cast(stored))) {
			return new Envelope(stored, Long.MAX_VALUE, 0, 0, 0);
		}
		return null;
	}

	/** A stored {@code null} is a value only to callers that take any object. */
	private static boolean matches(Class<?> type, @Nullable Object value) {
		return (value != null) ? type.isInstance(value) : type == Object.class;
	}

	private <T> @Nullable Object freshValue(@Nullable Object stored, Class<T> type, Predicate<? super T> accept) {
		Envelope entry = entry(stored, type, accept);
		return (entry != null && entry.isFresh(now())) ? entry.value() : RevalidationStore.MISSING;
	}

	/**
	 * Keeps the last envelope of a key with a stale-if-error window, for a store that can
	 * be out of reach (one with a circuit breaker).
	 */
	void remember(String key, Envelope envelope, Windows windows) {
		LastKnownValues lastKnown = lastKnownValues();
		if (lastKnown != null && !windows.staleIfError().isZero()) {
			lastKnown.remember(key, envelope);
		}
	}

	/** This flow's own last known values, else the store's; none without a breaker. */
	private @Nullable LastKnownValues lastKnownValues() {
		LastKnownValues shared = this.store.lastKnown();
		return (shared != null && this.ownLastKnown != null) ? this.ownLastKnown : shared;
	}

	/** The last known values this flow serves from, for tests. */
	@Nullable LastKnownValues lastKnown() {
		return lastKnownValues();
	}

	long now() {
		return this.clock.millis();
	}

	FlowStore store() {
		return this.store;
	}

	String alias() {
		return this.alias;
	}

	/**
	 * A cache that runs the flow on its own store, coordinated by its alias's
	 * single-flight and lease ({@code BaseCache}, through {@link RefreshingLoader}),
	 * rather than through its {@link Cache#lock(String)}.
	 */
	public interface Source {

		/**
		 * Returns the flow on this cache's made keys.
		 * @param clock the clock of the caller's stale windows
		 * @return the flow, on that clock
		 */
		Revalidation revalidation(Clock clock);

	}

	/**
	 * What {@link #begin} answers: a {@link Serve} or a {@link Ticket}.
	 *
	 * @param <T> the type of the value
	 */
	public sealed interface Outcome<T> permits Serve, Ticket {

	}

	/**
	 * A value to serve: fresh, stale, or what the caller this one waited for stored.
	 *
	 * @param <T> the type of the value
	 */
	public static final class Serve<T> implements Outcome<T> {

		private final T value;

		private final @Nullable Envelope entry;

		private final boolean revalidate;

		Serve(T value, @Nullable Envelope entry, boolean revalidate) {
			this.value = value;
			this.entry = entry;
			this.revalidate = revalidate;
		}

		/**
		 * The value to serve.
		 * @return the value
		 */
		public T value() {
			return this.value;
		}

		/** The entry it came from, or {@code null} when another caller handed it over. */
		@Nullable Envelope entry() {
			return this.entry;
		}

		/** Whether it is stale and nobody refreshes it yet. */
		boolean revalidate() {
			return this.revalidate;
		}

	}

	/**
	 * The caller's right and duty to recompute a key: other callers of the key wait for
	 * it (or serve the stale value) until it stores the value or closes. Remembers the
	 * stale value, to serve in place of a failed recomputation. Close it on every path.
	 *
	 * @param <T> the type of the value
	 */
	public static final class Ticket<T> implements Outcome<T>, AutoCloseable {

		private final Revalidation flow;

		private final String key;

		private final Class<T> type;

		private final Claim claim;

		private final @Nullable Envelope stale;

		private final Windows windows;

		private final StampedeStatistics counters;

		Ticket(Revalidation flow, String key, Class<T> type, Claim claim, @Nullable Envelope stale, Windows windows,
				StampedeStatistics counters) {
			this.flow = flow;
			this.key = key;
			this.type = type;
			this.claim = claim;
			this.stale = stale;
			this.windows = windows;
			this.counters = counters;
		}

		/**
		 * Whether other callers of the key wait for this one, so that it must close the
		 * ticket soon.
		 * @return whether the ticket holds the key
		 */
		public boolean holdsKey() {
			return this.claim.coordinated();
		}

		/**
		 * Stores the recomputed value: plain without windows (or with a timeout that is
		 * forever or keeps nothing), as Django stores it; otherwise as an envelope kept
		 * for the timeout plus the larger window. Does not close the ticket.
		 * @param key the key to store it under (a page's key is learned only now)
		 * @param value the value
		 * @param timeout the timeout, {@code null} for the cache's default
		 * @param windows the windows to store with it
		 */
		public void store(String key, T value, @Nullable Duration timeout, Windows windows) {
			Objects.requireNonNull(windows, "windows");
			FlowStore store = this.flow.store;
			Duration grace = windows.grace();
			if (grace.isZero() || timeout == null || Cache.FOREVER.equals(timeout) || timeout.isNegative()
					|| timeout.isZero()) {
				store.write(store.storedKey(key), value, timeout);
				return;
			}
			Envelope envelope = new Envelope(value, this.flow.now() + timeout.toMillis(), 0,
					windows.staleWhileRevalidate().toMillis(), windows.staleIfError().toMillis());
			String storedKey = store.storedKey(key);
			this.flow.remember(storedKey, envelope, windows);
			store.write(storedKey, envelope, windows.kept(timeout));
		}

		/**
		 * The stale value to serve in place of a failed recomputation (an exception, a
		 * 5xx page), counted and logged; {@code null} outside its stale-if-error window.
		 * @param failure what failed, for the log
		 * @return the stale value, or {@code null}
		 */
		public @Nullable T staleIfError(Object failure) {
			return this.type.cast(this.flow.staleIfError(this.key, this.stale, this.windows, this.counters, failure));
		}

		/**
		 * Tells whether a stale value is at hand for {@link #staleIfError}, now.
		 * @return whether one is within its stale-if-error window
		 */
		public boolean hasStaleIfError() {
			Envelope stale = this.stale;
			return stale != null && !this.windows.staleIfError().isZero()
					&& stale.isWithin(this.flow.now(), this.windows.staleIfError().toMillis());
		}

		/**
		 * For {@code getOrSet}: hands a failure to the local waiters, then answers the
		 * stale value within its stale-if-error window or rethrows.
		 */
		T failed(RuntimeException ex) {
			this.claim.fail(ex);
			T fallback = staleIfError(ex);
			if (fallback == null) {
				throw ex;
			}
			return fallback;
		}

		/** For {@code getOrSet}: hands the result to the local waiters. */
		void publish(@Nullable Object value) {
			this.claim.publish(value);
		}

		Claim claim() {
			return this.claim;
		}

		@Nullable Envelope stale() {
			return this.stale;
		}

		String storedKey() {
			return this.key;
		}

		/**
		 * Releases the key: the callers waiting for it read what was stored, or recompute
		 * it themselves. Idempotent; may be called from any thread; never throws.
		 */
		@Override
		public void close() {
			this.claim.close();
		}

	}

	/**
	 * How long after its timeout a value is still served: while one caller recomputes it
	 * ({@code stale-while-revalidate}) and in place of an error ({@code stale-if-error}),
	 * the windows of RFC 5861.
	 *
	 * @param staleWhileRevalidate the stale-while-revalidate window, zero for none
	 * @param staleIfError the stale-if-error window, zero for none
	 */
	public record Windows(Duration staleWhileRevalidate, Duration staleIfError) {

		/** No windows: an expired value is a miss, as in Django. */
		public static final Windows NONE = new Windows(Duration.ZERO, Duration.ZERO);

		/**
		 * Checks the windows.
		 * @throws IllegalArgumentException if a window is negative
		 */
		public Windows {
			Objects.requireNonNull(staleWhileRevalidate, "staleWhileRevalidate");
			Objects.requireNonNull(staleIfError, "staleIfError");
			if (staleWhileRevalidate.isNegative() || staleIfError.isNegative()) {
				throw new IllegalArgumentException("Stale windows must not be negative (were " + staleWhileRevalidate
						+ " and " + staleIfError + ")");
			}
		}

		static Windows of(Envelope envelope) {
			return new Windows(Duration.ofMillis(envelope.staleWhileRevalidateMillis()),
					Duration.ofMillis(envelope.staleIfErrorMillis()));
		}

		/**
		 * The larger window: how long past its timeout a value is kept.
		 * @return the grace
		 */
		public Duration grace() {
			return (this.staleWhileRevalidate.compareTo(this.staleIfError) >= 0) ? this.staleWhileRevalidate
					: this.staleIfError;
		}

		/**
		 * How long a value with this timeout is kept: the timeout plus the grace.
		 * @param timeout the timeout, positive
		 * @return the time to keep it, {@link Cache#FOREVER} when that overflows
		 */
		public Duration kept(Duration timeout) {
			Duration kept = timeout.plus(grace());
			return RefreshingLoader.isForever(kept) ? Cache.FOREVER : kept;
		}

	}

}
