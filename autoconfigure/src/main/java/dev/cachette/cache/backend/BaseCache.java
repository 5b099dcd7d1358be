package dev.cachette.cache.backend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.cachette.cache.AsyncCache;
import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheException;
import dev.cachette.cache.CacheKeyNotFoundException;
import dev.cachette.cache.CacheLock;
import dev.cachette.cache.CacheStatistics;
import dev.cachette.cache.CacheUnavailableException;
import dev.cachette.cache.CacheValueNotIntegerException;
import dev.cachette.cache.Refresh;
import dev.cachette.cache.SerializationException;
import dev.cachette.cache.resilience.CircuitBreaker;
import dev.cachette.cache.revalidation.Revalidation;
import dev.cachette.cache.revalidation.RevalidationStore;
import dev.cachette.cache.revalidation.StampedeStatistics;
import dev.cachette.cache.serialization.Serializer;
import dev.cachette.cache.settings.CacheSettings;

/**
 * The semantics every backend shares, written once: Django's {@code BaseCache}.
 *
 * <p>
 * A backend implements a handful of primitives that work on stored keys (already made by
 * the key function and validated) and resolved timeouts (always positive, possibly
 * {@link Cache#FOREVER}). This class does the rest exactly as Django does: key making and
 * validation, default and non-positive timeouts, sentinel defaults, {@code getOrSet},
 * {@code incrVersion}, many-key operations, versioned views and the asynchronous face,
 * plus Cachette's stampede protection for {@code getOrSet} (in
 * {@link RevalidationStore}). Backends override the many-key primitives when their server
 * can do better than a loop.
 *
 * <p>
 * Values a backend stores as bytes go through {@link #encode} and {@link #decode}:
 * integers become plain decimal text (so servers can increment them), everything else
 * goes through the alias's {@link Serializer}. Bytes that fail to deserialize, or name a
 * class the allow-list refuses, are logged and read as a miss: a forged entry in a shared
 * store can neither run code nor break the request.
 *
 * <p>
 * The semantics reach the primitives through the alias's {@link GuardedStore}: a server
 * that cannot be reached ({@link CacheUnavailableException}) is answered by the rule
 * {@link Cache} describes, a miss where a miss is honest, the exception where the result
 * matters ({@link FailureMode}: options {@code strict} and the deprecated
 * {@code ignore-exceptions}); a backend that is not {@link #isLocal() local} is guarded
 * by the alias's {@link CircuitBreaker}, which skips a dead server and logs a bounded
 * number of lines ({@code FailureLog}), and its calls are timed when metrics are on.
 * Every public operation records what it did in the alias's {@link CacheStatistics}. A
 * {@link #withVersion version view} shares all of this with the alias: only the version
 * of its keys differs.
 *
 * <p>
 * The class runs past 400 lines because it is two things a backend author reads together:
 * the protected primitives and helpers a backend implements or calls, each with its
 * contract, and Django's semantics written on them. What is not either lives in its own
 * class ({@link GuardedStore}, {@link KeyWarningLog}, {@link VersionView},
 * {@link RevalidationStore}).
 */
public abstract class BaseCache implements Cache, Revalidation.Source {

	/**
	 * Returned by {@link #getValue} for a missing or expired key; never stored, never
	 * returned to callers.
	 */
	protected static final Object MISSING = RevalidationStore.MISSING;

	private static final Duration NANOS_LIMIT = Duration.ofNanos(Long.MAX_VALUE);

	private static final Executor DIRECT = Runnable::run;

	private static final String PING_KEY = "cachette:ping";

	private static final Log logger = LogFactory.getLog(BaseCache.class);

	private final CacheSettings settings;

	private final int version;

	/** Option {@code strict}: every failure throws, as before fail-open. */
	private final boolean strict;

	/**
	 * Deprecated option {@code ignore-exceptions: true}: operations whose result matters
	 * fall back too ({@code add} is false, a lease is taken without the store).
	 */
	private final boolean ignoreExceptions;

	/** {@code null} for local backends, which never fail. Shared by the views. */
	private final @Nullable CircuitBreaker circuit;

	private final AtomicBoolean closed = new AtomicBoolean();

	private final CacheStatistics statistics;

	/** The stampede protection on this cache's made keys; a view's shares its alias's. */
	private final Loader loader;

	/** The backend's primitives, guarded; the alias's own, shared by its views. */
	private final GuardedStore store;

	private final KeyWarningLog keyWarnings;

	/** The revalidation flow on this cache's made keys: a view's are its version's. */
	private final Revalidation revalidation;

	/**
	 * Stored keys of hot keys; {@code null} in version views, which are made per call.
	 */
	private final @Nullable MadeKeys keyMemo;

	/**
	 * Creates the cache for an alias.
	 * @param settings the alias settings
	 */
	protected BaseCache(CacheSettings settings) {
		CircuitBreaker circuit = CircuitBreaker.of(settings);
		this.settings = settings;
		this.version = settings.version();
		this.keyWarnings = new KeyWarningLog(settings);
		FailureMode failureMode = FailureMode.of(settings, true);
		this.strict = failureMode == FailureMode.STRICT;
		this.ignoreExceptions = failureMode == FailureMode.IGNORE_EXCEPTIONS;
		// isLocal() is a constant of the backend's class.
		this.circuit = isLocal() ? null : circuit;
		if (this.circuit != null) {
			// Probes run off the request path; they start only after failures, once
			// this cache is fully built.
			this.circuit.probeWith(this::ping);
		}
		// Statistics skip the server while its circuit is open, as every call does.
		this.statistics = new CacheStatistics(settings.booleanOption("statistics", true), !isLocal(),
				() -> circuitOpen() ? null : storeSize(), () -> circuitOpen() ? null : storeEvictions());
		this.loader = new Loader(settings, !isLocal());
		this.store = new GuardedStore(this, this.circuit, this.statistics, failureMode, this.loader::now);
		this.revalidation = this.loader.revalidation(settings.clock());
		this.keyMemo = new MadeKeys();
	}

	/** A view of an alias's cache at another version, sharing all it has. */
	BaseCache(BaseCache backend, int version) {
		this.settings = backend.settings;
		this.version = version;
		this.keyWarnings = backend.keyWarnings;
		this.strict = backend.strict;
		this.ignoreExceptions = backend.ignoreExceptions;
		this.circuit = backend.circuit;
		this.statistics = backend.statistics;
		this.loader = new Loader(backend.loader);
		this.store = backend.store;
		this.revalidation = this.loader.revalidation(settings.clock());
		this.keyMemo = null;
	}

	/**
	 * Returns the settings this alias was created with, for tools that describe it (the
	 * actuator endpoint shows the backend, location, timeout, key prefix and version).
	 * @return the settings
	 */
	public final CacheSettings settings() {
		return this.settings;
	}

	/**
	 * Checks that the backend answers: one presence check of a reserved key through the
	 * backend's primitive, throwing whatever it throws, whatever {@code strict} says and
	 * past the circuit breaker, whose state it leaves alone. Health indicators call it.
	 * Override with a cheaper command where the server has one.
	 * @throws CacheException if the backend cannot be reached
	 */
	public void ping() {
		hasValue(makeKey(PING_KEY));
	}

	@Override
	public CacheStatistics statistics() {
		return this.statistics;
	}

	// The primitives a backend implements, on stored keys

	/**
	 * Reads a value.
	 * @param key the stored key
	 * @return the value (possibly {@code null}), or {@link #MISSING}
	 */
	protected abstract @Nullable Object getValue(String key);

	/**
	 * Writes a value, replacing any.
	 * @param key the stored key
	 * @param value the value
	 * @param timeout positive, or {@link Cache#FOREVER} (test with {@link #isForever})
	 */
	protected abstract void setValue(String key, @Nullable Object value, Duration timeout);

	/**
	 * Writes a value only if the key is absent or expired, atomically.
	 * @param key the stored key
	 * @param value the value
	 * @param timeout positive, or {@link Cache#FOREVER}
	 * @return whether the value was written
	 */
	protected abstract boolean addValue(String key, @Nullable Object value, Duration timeout);

	/**
	 * Sets a new expiry on a present key.
	 * @param key the stored key
	 * @param timeout positive, or {@link Cache#FOREVER}
	 * @return whether the key was present
	 */
	protected abstract boolean touchValue(String key, Duration timeout);

	/**
	 * Removes a key.
	 * @param key the stored key
	 * @return whether a present key was removed
	 */
	protected abstract boolean deleteValue(String key);

	/**
	 * Adds to an integer value atomically. The expiry afterwards is the one the Django
	 * backend of the same name leaves: kept where Django's {@code incr} is the store's
	 * own (locmem, Redis {@code INCRBY}, memcached {@code incr}), the default timeout
	 * from now where Django inherits {@code BaseCache.incr}, which re-stores the sum with
	 * {@code set} (database, file).
	 * @param key the stored key
	 * @param delta the amount to add
	 * @return the new value, or {@code null} when the key is missing
	 * @throws CacheValueNotIntegerException if the value is not an integer
	 */
	protected abstract @Nullable Long incrValue(String key, long delta);

	/**
	 * The exception {@code incr} and {@code decr} throw for a missing key, in the words
	 * of the Django backend of the same name. The default is {@code BaseCache.incr}'s,
	 * which the database, file and dummy backends inherit in Django: {@code Key 'missing'
	 * not found}, the key as the caller gave it. Backends whose Django counterpart
	 * overrides {@code incr} override this with its text.
	 * @param key the key as the caller gave it
	 * @param storedKey the key as stored ({@code :1:missing})
	 * @return the exception to throw
	 */
	protected CacheKeyNotFoundException keyNotFound(String key, String storedKey) {
		return new CacheKeyNotFoundException("Key '" + key + "' not found");
	}

	/** Removes every key of this backend's store. */
	protected abstract void clearValues();

	/**
	 * Tells whether a key is present. Override when the server can answer without sending
	 * the value. Used by {@code add} with a non-positive timeout; {@link #hasKey} reads
	 * the value instead, since an entry stored with a {@link Refresh} is present past its
	 * logical timeout.
	 * @param key the stored key
	 * @return whether the key is present and unexpired
	 */
	protected boolean hasValue(String key) {
		boolean found = getValue(key) != MISSING;
		// A presence check repairs nothing: its note of an unreadable entry must not
		// reach the next read, which may be of another key.
		UnreadableEntries.takeFailure();
		return found;
	}

	/**
	 * Reads a value for {@link #hasKey}: as {@link #getValue}, without counting as a use
	 * where the backend keeps a recency order (Django's locmem {@code has_key} leaves its
	 * LRU order alone). Override in such a backend.
	 * @param key the stored key
	 * @return the value, or {@link #MISSING}
	 */
	protected @Nullable Object peekValue(String key) {
		return getValue(key);
	}

	/**
	 * Reads several values. Override to use one round trip.
	 * @param keys the stored keys
	 * @return the found keys and their values
	 */
	protected Map<String, @Nullable Object> getValues(List<String> keys) {
		Map<String, @Nullable Object> found = new LinkedHashMap<>();
		for (String key : keys) {
			Object value = getValue(key);
			if (value != MISSING) {
				found.put(key, value);
			}
		}
		return found;
	}

	/**
	 * Writes several values. Override to use one round trip.
	 * @param values the stored keys and their values
	 * @param timeout positive, or {@link Cache#FOREVER}
	 * @return the stored keys that could not be written
	 */
	protected List<String> setValues(Map<String, @Nullable Object> values, Duration timeout) {
		values.forEach((key, value) -> setValue(key, value, timeout));
		return List.of();
	}

	/**
	 * Removes several keys. Override to use one round trip.
	 * @param keys the stored keys
	 */
	protected void deleteValues(Collection<String> keys) {
		keys.forEach(this::deleteValue);
	}

	/**
	 * Takes a distributed lease (option {@code lease}, see {@link RevalidationStore}):
	 * writes the token under the lease key only if the key is absent, expiring after the
	 * lease's duration. The default is {@link #addValue}; override where the server has a
	 * better command.
	 * @param leaseKey the stored key of the lease ({@code <stored key>:lease})
	 * @param token a random token naming the holder
	 * @param duration the lease's duration, positive
	 * @return whether this caller now holds the lease
	 */
	protected boolean acquireLease(String leaseKey, String token, Duration duration) {
		return addValue(leaseKey, token, duration);
	}

	/**
	 * Releases a lease if it still holds the token: a lease that expired and was taken by
	 * another instance is left alone. The default reads, compares and deletes, which
	 * leaves a short window between the read and the delete; override with an atomic
	 * compare-and-delete where the server has one.
	 * @param leaseKey the stored key of the lease
	 * @param token the token the lease was taken with
	 */
	protected void releaseLease(String leaseKey, String token) {
		if (token.equals(getValue(leaseKey))) {
			deleteValue(leaseKey);
		}
	}

	/** Releases the backend's resources; the default does nothing. Must not throw. */
	protected void closeStore() {
	}

	/**
	 * Tells whether this backend keeps its data in the JVM (locmem, dummy), so that its
	 * calls are not worth timing, it needs no circuit breaker and no other process shares
	 * its store. The default, {@code false}, has the calls of every other backend timed
	 * when metrics are on, guarded by the breaker, and their {@code getOrSet} misses
	 * coordinated across instances by a lease unless {@code lease: off}. Asked once while
	 * the cache is constructed: return a constant.
	 * @return whether the backend is in-process
	 */
	protected boolean isLocal() {
		return false;
	}

	/**
	 * The number of entries in the store, where the backend can tell cheaply. The default
	 * cannot.
	 * @return the size, or {@code null}
	 */
	protected @Nullable Long storeSize() {
		return null;
	}

	/**
	 * The number of entries the backend evicted on its own (size bound, expiry), where it
	 * can tell. The default cannot.
	 * @return the count, or {@code null}
	 */
	protected @Nullable Long storeEvictions() {
		return null;
	}

	/**
	 * The executor {@link #async()} runs operations on: the calling thread for a
	 * {@link #isLocal() local} backend, which never blocks, else the settings' executor.
	 * @return the executor
	 */
	protected Executor asyncExecutor() {
		return isLocal() ? DIRECT : this.settings.executor();
	}

	/**
	 * Tells whether a resolved timeout means "never expire".
	 * @param timeout a resolved timeout
	 * @return whether it is {@link Cache#FOREVER} or too long to count in nanoseconds
	 */
	protected static boolean isForever(Duration timeout) {
		return timeout.compareTo(NANOS_LIMIT) >= 0;
	}

	// Serialization for backends that store bytes

	/**
	 * Turns a value into bytes: integers as plain decimal text, anything else through the
	 * serializer.
	 * @param value the value
	 * @return the bytes
	 * @throws SerializationException naming the alias if the serializer refuses the value
	 */
	protected final byte[] encode(@Nullable Object value) {
		if (value instanceof Long number) {
			return Long.toString(number).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
		}
		try {
			return this.settings.serializer().serialize(value);
		}
		catch (SerializationException ex) {
			throw new SerializationException("Cache '" + alias() + "': " + ex.getMessage(), ex);
		}
	}

	/**
	 * Turns bytes written by {@link #encode} back into a value. Bytes that cannot be read
	 * are returned as {@link #MISSING}; the read that asked for them then deletes the
	 * entry, logs it (once per key per minute) and counts it
	 * ({@link CacheStatistics#unreadableEntries()}), so that the next write, and
	 * {@code getOrSet}'s {@code add}, stores a fresh value.
	 * @param bytes the bytes
	 * @return the value, or {@link #MISSING}
	 */
	protected final @Nullable Object decode(byte[] bytes) {
		Long number = Counters.parse(bytes);
		if (number != null) {
			return number;
		}
		try {
			return this.settings.serializer().deserialize(bytes);
		}
		catch (SerializationException ex) {
			UnreadableEntries.noteFailure(String.valueOf(ex.getMessage()));
			return MISSING;
		}
	}

	/**
	 * Returns a value as stored: integer types widened to {@link Long}, so every backend
	 * returns counters alike.
	 * @param value the value
	 * @return the value to store
	 */
	protected static @Nullable Object normalize(@Nullable Object value) {
		return Counters.normalize(value);
	}

	/**
	 * Decodes the answer of a multi-key read for a {@link #getValues} override: the
	 * values in the order of the keys, {@code null} for an absent one.
	 * @param keys the stored keys
	 * @param values the bytes found, or {@code null} when the server found none
	 * @return the found keys and their values; absent and unreadable ones left out
	 */
	protected final Map<String, @Nullable Object> decodeAll(List<String> keys,
			@Nullable List<byte @Nullable []> values) {
		Map<String, @Nullable Object> found = new LinkedHashMap<>();
		for (int i = 0; values != null && i < keys.size(); i++) {
			byte[] bytes = values.get(i);
			Object value = (bytes != null) ? decode(bytes) : MISSING;
			if (value != MISSING) {
				found.put(keys.get(i), value);
			}
		}
		return found;
	}

	/**
	 * Adds to a counter read from the store, for backends whose {@code incrValue} does
	 * the arithmetic itself.
	 * @param key the stored key, for the messages
	 * @param value the value read
	 * @param delta the amount to add
	 * @return the sum
	 * @throws CacheValueNotIntegerException if the value is not an integer
	 * @throws CacheException if the sum would overflow a {@code long}
	 */
	protected final long addToCounter(String key, @Nullable Object value, long delta) {
		if (!(value instanceof Long number)) {
			throw new CacheValueNotIntegerException(alias(), key);
		}
		if (delta > 0 ? number > Long.MAX_VALUE - delta : number < Long.MIN_VALUE - delta) {
			throw new CacheException(
					"Cache '" + alias() + "': incrementing key '" + key + "' by " + delta + " would overflow a long");
		}
		return number + delta;
	}

	// Cache

	@Override
	public String alias() {
		return this.settings.alias();
	}

	@Override
	public int defaultVersion() {
		return this.version;
	}

	@Override
	public Duration defaultTimeout() {
		return this.settings.timeout();
	}

	/**
	 * Any timeout too long to count in nanoseconds (about 292 years) is
	 * {@link Cache#FOREVER}, as every backend stores it.
	 */
	@Override
	public Duration getBackendTimeout(Duration timeout) {
		return isForever(timeout) ? FOREVER : Cache.super.getBackendTimeout(timeout);
	}

	@Override
	public Cache withVersion(int version) {
		BaseCache backend = this.store.backend();
		if (version == this.version || version == backend.version) {
			return (version == this.version) ? this : backend;
		}
		return new VersionView(backend, version);
	}

	@Override
	public AsyncCache async() {
		return AsyncCache.of(this, this.store.backend().asyncExecutor());
	}

	@Override
	public String makeKey(String key) {
		return this.settings.keyFunction().makeKey(key, this.settings.keyPrefix(), this.version);
	}

	private String makeAndValidateKey(String key) {
		MadeKeys keyMemo = this.keyMemo;
		String made = (keyMemo != null) ? keyMemo.get(key) : null;
		if (made == null) {
			made = makeKey(key);
			this.store.backend().validateKey(made);
			if (keyMemo != null) {
				keyMemo.put(key, made);
			}
		}
		return made;
	}

	/**
	 * Logs a {@code CacheKeyWarning} for keys memcached would refuse, in Django's words:
	 * see {@link KeyWarningLog}. Follows Django's {@code BaseCache.validate_key}.
	 */
	@Override
	public void validateKey(String key) {
		this.keyWarnings.check(key);
	}

	/**
	 * Django's {@code memcache_key_warnings}: the texts for a key memcached would refuse,
	 * word for word ({@code Cache key will cause errors if used with memcached: '...'
	 * (longer than 250)}, then {@code Cache key contains characters that will cause
	 * errors if used with memcached: '...'}), the key written as Python's {@code repr}.
	 * @param key the stored key
	 * @return no text for a portable key, one or two otherwise
	 */
	protected static List<String> memcacheKeyWarnings(String key) {
		return KeyWarnings.of(key);
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T get(String key, @Nullable T defaultValue) {
		Object value = unwrap(read(makeAndValidateKey(key)));
		if (value != MISSING) {
			this.statistics.hit();
			return (T) value;
		}
		this.statistics.miss();
		return defaultValue;
	}

	@Override
	public Map<String, @Nullable Object> getMany(Collection<String> keys) {
		Map<String, String> userKeys = madeKeys(keys);
		Map<String, @Nullable Object> found = this.store.readMany(new ArrayList<>(userKeys.keySet()));
		Map<String, @Nullable Object> result = new LinkedHashMap<>();
		userKeys.forEach((made, key) -> {
			Object value = found.containsKey(made) ? unwrap(found.get(made)) : MISSING;
			if (value != MISSING) {
				result.put(key, value);
			}
		});
		this.statistics.lookups(result.size(), userKeys.size());
		return result;
	}

	/**
	 * Reads the value, as Django's {@code BaseCache.has_key} does, so that an entry of
	 * {@link #getOrSet(String, Duration, Supplier, Refresh)} past its logical timeout is
	 * absent, as for {@link #get}.
	 */
	@Override
	public boolean hasKey(String key) {
		return unwrap(this.store.peek(makeAndValidateKey(key))) != MISSING;
	}

	@Override
	public void set(String key, @Nullable Object value, Duration timeout) {
		setMade(makeAndValidateKey(key), value, timeout, !this.strict);
	}

	/** Sets a value; a failure is answered when {@code failOpen}, else throws. */
	private void setMade(String made, @Nullable Object value, Duration timeout, boolean failOpen) {
		Duration backendTimeout = this.store.backend().getBackendTimeout(timeout);
		if (keeps(backendTimeout)) {
			if (this.store.write(made, normalize(value), this.loader.jitter(backendTimeout), failOpen)) {
				this.statistics.puts(1);
			}
		}
		else {
			removeCounted(made);
		}
	}

	@Override
	public boolean add(String key, @Nullable Object value, Duration timeout) {
		return addMade(makeAndValidateKey(key), value, timeout, false);
	}

	/**
	 * Adds a value; {@code failOpen} for {@code getOrSet}, where an unreachable store
	 * only means that the computed value is not kept.
	 */
	private boolean addMade(String made, @Nullable Object value, Duration timeout, boolean failOpen) {
		Duration backendTimeout = this.store.backend().getBackendTimeout(timeout);
		if (keeps(backendTimeout)) {
			boolean added = this.store.writeIfAbsent(made, normalize(value), this.loader.jitter(backendTimeout),
					failOpen);
			if (added) {
				this.statistics.puts(1);
			}
			return added;
		}
		// Django: nothing is kept, and the result says whether the add would have won.
		return failOpen || !this.store.exists(made);
	}

	@Override
	public <T> @Nullable T getOrSet(String key, Supplier<? extends @Nullable T> supplier) {
		return getOrSet(key, supplier, defaultTimeout());
	}

	/**
	 * Follows Django's {@code get_or_set}, with per-key single-flight in front of the
	 * supplier (see {@link RevalidationStore}).
	 */
	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T getOrSet(String key, Supplier<? extends @Nullable T> supplier, Duration timeout) {
		String made = makeAndValidateKey(key);
		Object value = unwrap(read(made));
		if (value != MISSING) {
			this.statistics.hit();
			return (T) value;
		}
		this.statistics.miss();
		return (T) this.loader.coalesce(made, () -> unwrap(read(made)), () -> {
			// Read again: a caller that computed the key just before us has stored it.
			Object stored = read(made);
			Object again = unwrap(stored);
			if (again != MISSING) {
				return again;
			}
			T computed = supplier.get();
			if (RevalidationStore.isEnvelope(stored)) {
				// A stale envelope would make add fail until its grace ends.
				set(key, computed, timeout);
			}
			else {
				addMade(made, computed, timeout, true);
			}
			// Django reads again, so a value another caller added first wins.
			// Not a second lookup in the statistics: the caller asked once.
			Object current = unwrap(read(made));
			return (current != MISSING) ? current : computed;
		});
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T getOrSet(String key, Duration timeout, Supplier<? extends @Nullable T> supplier,
			Refresh refresh) {
		return (T) this.loader.getOrSet(this.revalidation, makeAndValidateKey(key), timeout,
				() -> normalize(supplier.get()), refresh);
	}

	/**
	 * The revalidation flow of this cache, for the page and fragment caches.
	 * @param clock the clock of the caller's stale windows
	 * @return the flow, on that clock
	 */
	@Override
	public Revalidation revalidation(java.time.Clock clock) {
		return clock.equals(this.settings.clock()) ? this.revalidation : this.loader.revalidation(clock);
	}

	/**
	 * Coordinates through the alias's per-key single-flight, shared with
	 * {@code getOrSet}, and its distributed lease when the {@code lease} option is set.
	 */
	@Override
	public CacheLock lock(String key) {
		return this.loader.lock(makeAndValidateKey(key));
	}

	/**
	 * What the stampede protection of this alias has done, for meters to bind to. Shared
	 * by the alias's versioned views.
	 * @return the statistics
	 */
	public StampedeStatistics stampedeStatistics() {
		return this.loader.statistics();
	}

	/**
	 * What the stampede protection and the revalidation flow read and write: this cache's
	 * entries under its made keys, envelopes left wrapped, through the alias's guarded
	 * store; the alias's single-flight and lease are {@link RevalidationStore}'s.
	 */
	private final class Loader extends RevalidationStore {

		/** The alias's own, with its stampede protection. */
		Loader(CacheSettings settings, boolean sharedStore) {
			super(settings, sharedStore);
		}

		/** A version view's, sharing the alias's stampede protection. */
		Loader(Loader alias) {
			super(alias);
		}

		@Override
		protected String storedKey(String key) {
			return makeAndValidateKey(key);
		}

		@Override
		protected @Nullable Object read(String storedKey) {
			return BaseCache.this.read(storedKey);
		}

		@Override
		protected void set(String storedKey, @Nullable Object value, @Nullable Duration timeout) {
			setMade(storedKey, value, (timeout != null) ? timeout : defaultTimeout(), !BaseCache.this.strict);
		}

		@Override
		protected boolean write(String storedKey, @Nullable Object value, Duration timeout) {
			return BaseCache.this.write(storedKey, value, timeout);
		}

		/**
		 * Takes a lease for {@code getOrSet}; an unreachable server counts as taken
		 * (unless {@code strict}), so the caller computes as it would without a lease.
		 */
		@Override
		protected boolean takeLease(String leaseKey, String token, Duration duration) {
			return call(CacheStatistics.Operation.ADD, () -> acquireLease(leaseKey, token, duration), true,
					!BaseCache.this.strict);
		}

		/**
		 * Takes a lease for {@link BaseCache#lock}: a failure throws (with
		 * {@code ignore-exceptions}, counts as taken).
		 */
		@Override
		protected boolean takeLeaseOrThrow(String leaseKey, String token, Duration duration) {
			return call(CacheStatistics.Operation.ADD, () -> acquireLease(leaseKey, token, duration), true,
					BaseCache.this.ignoreExceptions);
		}

		/**
		 * Releases a lease; never throws, since an unreleased lease expires on its own.
		 */
		@Override
		protected void giveBackLease(String leaseKey, String token) {
			try {
				call(CacheStatistics.Operation.DELETE, () -> {
					releaseLease(leaseKey, token);
					return null;
				}, null, true);
			}
			catch (RuntimeException ex) {
				logger.warn("Cache '" + alias() + "': the lease '" + leaseKey
						+ "' could not be released and expires on its own: " + ex);
			}
		}

		/** Tells whether a lease is held; a failure says no (unless {@code strict}). */
		@Override
		protected boolean leaseHeld(String leaseKey) {
			return call(CacheStatistics.Operation.HAS_KEY, () -> hasValue(leaseKey), false, !BaseCache.this.strict);
		}

		@Override
		protected boolean hasCircuitBreaker() {
			return BaseCache.this.circuit != null;
		}

		@Override
		protected boolean circuitOpen() {
			return BaseCache.this.circuitOpen();
		}

	}

	/**
	 * The stampede protection, for tests (through {@code BaseCaches} in the revalidation
	 * tests).
	 */
	RevalidationStore revalidationStore() {
		return this.loader;
	}

	@Override
	public <T> @Nullable T getOrSet(String key, @Nullable T value) {
		return getOrSet(key, () -> value);
	}

	@Override
	public List<String> setMany(Map<String, ? extends @Nullable Object> values, Duration timeout) {
		Map<String, String> userKeys = madeKeys(values.keySet());
		Duration backendTimeout = this.store.backend().getBackendTimeout(timeout);
		if (!keeps(backendTimeout)) {
			removeManyCounted(userKeys.keySet());
			return List.of();
		}
		Map<String, @Nullable Object> made = new LinkedHashMap<>();
		userKeys.forEach((madeKey, key) -> made.put(madeKey, normalize(values.get(key))));
		List<String> failed = new ArrayList<>();
		for (String madeKey : this.store.writeMany(made, this.loader.jitter(backendTimeout))) {
			failed.add(userKeys.get(madeKey));
		}
		this.statistics.puts(made.size() - failed.size());
		return failed;
	}

	@Override
	public boolean touch(String key, Duration timeout) {
		String made = makeAndValidateKey(key);
		Duration backendTimeout = this.store.backend().getBackendTimeout(timeout);
		return keeps(backendTimeout) ? this.store.expire(made, this.loader.jitter(backendTimeout))
				: removeCounted(made);
	}

	@Override
	public long incr(String key, long delta) {
		String made = makeAndValidateKey(key);
		Long value = this.store.increment(made, delta);
		if (value == null) {
			throw this.store.backend().keyNotFound(key, made);
		}
		return value;
	}

	@Override
	public boolean delete(String key) {
		return removeCounted(makeAndValidateKey(key));
	}

	@Override
	public void deleteMany(Collection<String> keys) {
		removeManyCounted(madeKeys(keys).keySet());
	}

	@Override
	public void clear() {
		this.store.removeAll();
	}

	/** Follows Django's {@code incr_version}: read, store at the new version, delete. */
	@Override
	public int incrVersion(String key, int delta) {
		Object value = unwrap(this.store.readOrThrow(makeAndValidateKey(key)));
		if (value == MISSING) {
			// Django's incr_version names the key as given, on every backend.
			throw new CacheKeyNotFoundException("Key '" + key + "' not found");
		}
		int newVersion = Math.addExact(this.version, delta);
		// A write that fails throws, as incrVersion promises, before the old version is
		// deleted: a fail-open set would lose the value.
		setMade(withVersion(newVersion).makeKey(key), value, defaultTimeout(), false);
		delete(key);
		return newVersion;
	}

	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		try {
			closeStore();
		}
		catch (RuntimeException ex) {
			logger.warn("Cache '" + alias() + "' did not close cleanly", ex);
		}
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[alias=" + alias() + ", version=" + this.version + "]";
	}

	private boolean removeCounted(String made) {
		boolean removed = this.store.remove(made);
		if (removed) {
			this.statistics.removals(1);
		}
		return removed;
	}

	private void removeManyCounted(Collection<String> made) {
		if (this.store.removeMany(made)) {
			this.statistics.removals(made.size());
		}
	}

	private static boolean keeps(Duration timeout) {
		return !timeout.isNegative() && !timeout.isZero();
	}

	/** Maps each made key to the key the caller gave, keeping the caller's order. */
	private Map<String, String> madeKeys(Collection<String> keys) {
		Map<String, String> made = new LinkedHashMap<>();
		for (String key : keys) {
			made.put(makeAndValidateKey(key), key);
		}
		return made;
	}

	/**
	 * Reads a stored value as a plain read sees it: envelopes unwrapped, see
	 * {@link RevalidationStore#unwrap}.
	 */
	private @Nullable Object unwrap(@Nullable Object stored) {
		return this.loader.unwrap(stored);
	}

	/** Reads a stored value; a failure is a miss. */
	@Nullable Object read(String key) {
		return this.store.read(key);
	}

	/** Returns false when a failure was answered. */
	boolean write(String key, @Nullable Object value, Duration timeout) {
		return this.store.write(key, value, timeout, !this.strict);
	}

	/**
	 * Calls a primitive through the breaker and the failure rule, see
	 * {@link GuardedStore}.
	 */
	private <R> R call(CacheStatistics.Operation operation, Supplier<R> primitive, R fallback, boolean fallBack) {
		return this.store.call(operation, primitive, fallback, fallBack);
	}

	/** Whether the circuit breaker is open or probing: the store is out of reach. */
	boolean circuitOpen() {
		CircuitBreaker circuit = this.circuit;
		return circuit != null && circuit.state() != CircuitBreaker.State.CLOSED;
	}

	/**
	 * Tells whether every failure of the backend throws (option {@code strict}, or the
	 * deprecated {@code ignore-exceptions: false}), for adapters that must keep the
	 * alias's rule.
	 * @return whether the alias is strict
	 */
	public boolean isStrict() {
		return this.strict;
	}

	/**
	 * Returns this alias's circuit breaker, shared by its versioned views, for meters and
	 * health indicators.
	 * @return the breaker, or {@code null} for a local backend, which never fails
	 */
	public @Nullable CircuitBreaker circuitBreaker() {
		return this.circuit;
	}

	/**
	 * Returns the breakers of this alias's servers, for meters and health indicators: one
	 * per memcached server of a several-server location, one per Redis replica.
	 * @return the breakers, empty for a backend without any
	 */
	public List<CircuitBreaker> serverCircuitBreakers() {
		return List.of();
	}

	/**
	 * For a backend each of whose calls goes to one of several servers, each behind its
	 * own breaker ({@link #serverCircuitBreakers}): makes the alias's breaker follow
	 * theirs, open while no server's circuit is closed and closed as soon as one is, so
	 * that an alias whose every server is down skips them at once and its revalidation
	 * flow serves what it keeps stale, as an alias on one server does. Call it from the
	 * constructor, once the servers' breakers exist.
	 * @param servers the servers' breakers
	 */
	protected final void circuitFollowsServers(List<CircuitBreaker> servers) {
		CircuitBreaker circuit = this.circuit;
		if (circuit != null) {
			circuit.followServers(servers);
		}
	}

	/**
	 * Creates the exception for a server that cannot be reached, naming the alias and the
	 * server. Backends throw it from their primitives; the failure path answers it as the
	 * operation's fail-open rule says, or rethrows it.
	 * @param server the server, for the message (no passwords)
	 * @param operation what was attempted
	 * @param cause the client's exception
	 * @return the exception to throw
	 */
	protected final CacheUnavailableException unavailable(String server, String operation, Throwable cause) {
		return new CacheUnavailableException(
				"Cache '" + alias() + "' could not " + operation + " on " + server + ": " + CauseMessages.of(cause),
				cause);
	}

	/**
	 * As {@link #unavailable}, for a failure that shows the server down rather than slow
	 * (the connection refused, or broken under the call): the alias's circuit breaker
	 * opens at once instead of after its failure threshold, so the calls that would
	 * follow skip the server without waiting for it.
	 * @param server the server, for the message (no passwords)
	 * @param operation what was attempted
	 * @param cause the client's exception
	 * @return the exception to throw
	 */
	protected final CacheUnavailableException serverDown(String server, String operation, Throwable cause) {
		return new ServerDownException(
				"Cache '" + alias() + "' could not " + operation + " on " + server + ": " + CauseMessages.of(cause),
				cause);
	}

	/**
	 * As {@link #unavailable}, for a server whose own breaker
	 * ({@link #serverCircuitBreakers}) has counted the failure, or skipped the call:
	 * answered by the same fail-open rule, but not counted against the alias's breaker,
	 * so that the other servers keep serving.
	 * @param server the server, for the message (no passwords)
	 * @param operation what was attempted
	 * @param cause the client's exception
	 * @return the exception to throw
	 */
	protected final CacheUnavailableException serverUnavailable(String server, String operation, Throwable cause) {
		return new ServerUnavailableException(
				"Cache '" + alias() + "' could not " + operation + " on " + server + ": " + CauseMessages.of(cause),
				cause);
	}

}
