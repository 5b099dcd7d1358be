package dev.cachette.cache;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * One cache alias: Django's low-level cache API ({@code django.core.cache.cache}) in
 * Java.
 *
 * <p>
 * Every operation of Django's {@code BaseCache} is here under its camelCased name
 * ({@code get_or_set} is {@link #getOrSet}, {@code incr_version} is
 * {@link #incrVersion}), with Django's semantics. The differences are Java idiom only:
 * <ul>
 * <li><b>Timeouts</b> are {@link Duration}s. A method without a timeout parameter uses
 * the alias's default timeout (the {@code timeout} setting, 300 seconds when unset;
 * Django's {@code DEFAULT_TIMEOUT}). {@link #FOREVER} means "never expire" (Django's
 * {@code timeout=None}). A zero or negative duration means "do not keep the value": a
 * {@code set} deletes the key, an {@code add} stores nothing, a {@code touch} expires the
 * key at once. Timeouts are kept to the millisecond by locmem, the database and the file
 * backend, truncated to whole seconds by Redis (as Django's {@code RedisCache}) and
 * rounded up to whole seconds by memcached; {@link #getBackendTimeout(Duration)} tells
 * which.</li>
 * <li><b>Versions</b>: every key is combined with a version (the alias's {@code version}
 * setting, default 1) by the key function. Where Django takes {@code version=n} on each
 * call, Java takes {@link #withVersion(int)}: {@code cache.withVersion(2).get("k")} is
 * Django's {@code cache.get("k", version=2)}, and every operation of the returned view
 * targets version 2.</li>
 * <li><b>Asynchronous variants</b>: Django's {@code aget}, {@code aset}, ... are
 * {@code cache.async().get(...)}, {@code cache.async().set(...)}, ..., each returning a
 * {@link java.util.concurrent.CompletableFuture}; see {@link AsyncCache}.</li>
 * <li><b>Integers</b>: {@code Integer}, {@code Long}, {@code Short} and {@code Byte}
 * values are stored as counters, as Django stores a Python {@code int}: shared backends
 * keep them as plain numbers so {@link #incr} is one atomic server command, and every
 * backend returns them as {@link Long}. Read a counter as {@code Long} (or
 * {@code Number}), never as {@code Integer}.</li>
 * <li><b>Null</b> is a value like any other: {@code set("k", null)} stores it, and
 * {@code get("k")} returns {@code null} both for the stored null and for a missing key.
 * To tell them apart, pass a sentinel default: {@code get("k", MISSING) == MISSING} only
 * when the key is missing.</li>
 * </ul>
 *
 * <p>
 * Keys are strings. The key function ({@code prefix:version:key} by default) turns the
 * given key into the stored key; keys that memcached would reject (over 250 characters,
 * whitespace or control characters) log a {@code CacheKeyWarning} on the other backends,
 * as in Django, and are refused by the memcached backend.
 *
 * <p>
 * Values go through the alias's {@code Serializer} on every backend that stores bytes,
 * and on locmem unless it is configured to store references.
 *
 * <p>
 * <b>When the server cannot be reached</b> (the {@code BaseCache} implementations), an
 * operation answers what is honest without it: {@code get} and {@code getMany} miss,
 * {@code hasKey} is {@code false}, {@code getOrSet} computes and returns the value
 * without keeping it, {@code set}, {@code delete}, {@code touch}, {@code setMany},
 * {@code deleteMany} and {@code clear} store or remove nothing ({@code false}, or every
 * key failed). Operations whose result matters throw {@link CacheUnavailableException}:
 * {@code incr}/{@code decr}, {@code add} (often a lock), {@code incrVersion}, and
 * {@code lock} when the alias has a {@code lease}. The alias option {@code strict: true}
 * makes every operation throw instead. After repeated failures the alias's
 * {@code CircuitBreaker} skips the server for a back-off, answering the same way at once.
 * Programming errors are not {@code CacheException}s: {@link #incr} of a value that is
 * not an integer throws {@link CacheValueNotIntegerException}, an
 * {@link IllegalArgumentException}, on every backend (Django's {@code TypeError}).
 *
 * <p>
 * Implementations are thread-safe. Extend {@code BaseCache} rather than implementing this
 * interface directly: it writes the shared semantics once.
 *
 * @see Caches
 * @see AsyncCache
 */
public interface Cache extends AutoCloseable {

	/**
	 * The timeout meaning "never expire", Django's {@code timeout=None}. It is the
	 * largest {@link Duration}; any duration this long or longer is treated the same way.
	 */
	Duration FOREVER = ChronoUnit.FOREVER.getDuration();

	/**
	 * Returns the name of this cache's alias ({@code default}, {@code local}, ...).
	 * @return the alias
	 */
	String alias();

	/**
	 * Returns the version this cache applies when a call gives none: the alias's
	 * {@code version} setting, or the version chosen with {@link #withVersion(int)}.
	 * @return the default version
	 */
	int defaultVersion();

	/**
	 * Returns the timeout applied when a call gives none: the alias's {@code timeout}
	 * setting, 300 seconds when unset, {@link #FOREVER} for {@code none}.
	 * @return the default timeout
	 */
	Duration defaultTimeout();

	/**
	 * Returns the timeout this backend applies for {@link #defaultTimeout()}: Django's
	 * {@code get_backend_timeout()} without an argument ({@code DEFAULT_TIMEOUT}).
	 * @return see {@link #getBackendTimeout(Duration)}
	 */
	default Duration getBackendTimeout() {
		return getBackendTimeout(defaultTimeout());
	}

	/**
	 * Returns the timeout this backend really applies when an operation is given
	 * {@code timeout}: Django's {@code get_backend_timeout}, as a relative duration. The
	 * default, used by locmem, the database and the file backend, keeps the timeout as
	 * given; Redis truncates it to whole seconds as Django's {@code RedisCache} does
	 * ({@code int(timeout)}: 1.9 s is 1 s, 0.5 s is zero, so the value is not kept);
	 * memcached rounds it up to whole seconds and adds the second its clock may be about
	 * to tick (and sends a timeout over 30 days as an absolute Unix time, Django's rule
	 * for memcached, which this duration does not show). {@code set}, {@code add},
	 * {@code touch} and {@code setMany} decide with it whether a value is kept; the
	 * alias's {@code timeout-jitter} applies afterwards.
	 * @param timeout a timeout as an operation takes it
	 * @return {@link #FOREVER} for never, {@link Duration#ZERO} when a value with this
	 * timeout is not kept (zero, negative, or below the backend's precision), otherwise
	 * the positive timeout the backend stores
	 */
	default Duration getBackendTimeout(Duration timeout) {
		if (timeout.compareTo(FOREVER) >= 0) {
			return FOREVER;
		}
		return (timeout.isNegative() || timeout.isZero()) ? Duration.ZERO : timeout;
	}

	/**
	 * Returns a view of this cache whose operations all target the given version, the
	 * Java form of Django's {@code version=} argument. The view shares this cache's
	 * storage; {@code close()} on it closes nothing.
	 * @param version the version every operation of the view uses
	 * @return a view of this cache bound to {@code version}
	 */
	Cache withVersion(int version);

	/**
	 * Returns the asynchronous face of this cache: every operation, returning a
	 * {@link java.util.concurrent.CompletableFuture} (Django's {@code aget},
	 * {@code aset}, ...).
	 * @return the asynchronous view, sharing this cache's storage and version
	 */
	AsyncCache async();

	/**
	 * Returns what this alias has counted: hits, misses, puts, removals, and evictions
	 * and size where the backend can tell. Views from {@link #withVersion(int)} share the
	 * counts of the cache they view. See {@link CacheStatistics} for what counts as a
	 * hit.
	 * @return the statistics; for a cache that does not extend {@code BaseCache}, one
	 * that never moves
	 */
	default CacheStatistics statistics() {
		return CacheStatistics.NONE;
	}

	// Keys

	/**
	 * Builds the stored key for a key at the default version with the alias's key
	 * function ({@code key-prefix:version:key} by default). Follows Django's
	 * {@code make_key}.
	 * @param key the user's key
	 * @return the key as stored in the backend
	 */
	String makeKey(String key);

	/**
	 * Checks a stored key (as returned by {@link #makeKey}) for portability. On most
	 * backends a key longer than 250 characters or holding whitespace or control
	 * characters logs a {@code CacheKeyWarning} (silenced with the alias option
	 * {@code key-warnings: false}); on memcached it throws. Follows Django's
	 * {@code validate_key}.
	 * @param key the stored key
	 * @throws InvalidCacheKeyException if the backend cannot store the key
	 */
	void validateKey(String key);

	// Reading

	/**
	 * Returns the value of a key, or {@code null} when the key is missing or expired.
	 * @param key the key
	 * @param <T> the type the caller expects; a mismatch fails with
	 * {@link ClassCastException} at the caller
	 * @return the value, or {@code null}
	 */
	default <T> @Nullable T get(String key) {
		return get(key, null);
	}

	/**
	 * Returns the value of a key, or {@code defaultValue} when the key is missing or
	 * expired. A stored {@code null} is returned as {@code null}, so a sentinel default
	 * tells it apart from a missing key.
	 * @param key the key
	 * @param defaultValue returned on a miss
	 * @param <T> the type the caller expects
	 * @return the value, or {@code defaultValue}
	 */
	<T> @Nullable T get(String key, @Nullable T defaultValue);

	/**
	 * Returns the values of the keys that are present and unexpired, in the order given.
	 * Missing keys are absent from the map. One round trip on backends that support it.
	 * @param keys the keys
	 * @return a map from each found key (as given, not as stored) to its value
	 */
	Map<String, @Nullable Object> getMany(Collection<String> keys);

	/**
	 * Returns whether a key is present and unexpired. Follows Django's {@code has_key}.
	 * @param key the key
	 * @return {@code true} if {@link #get} would find the key
	 */
	boolean hasKey(String key);

	// Writing

	/**
	 * Stores a value under a key with the default timeout, replacing any value.
	 * @param key the key
	 * @param value the value, {@code null} allowed
	 * @throws SerializationException if the value cannot be serialized or its class is
	 * not allowed
	 */
	default void set(String key, @Nullable Object value) {
		set(key, value, defaultTimeout());
	}

	/**
	 * Stores a value under a key, replacing any value.
	 * @param key the key
	 * @param value the value, {@code null} allowed
	 * @param timeout how long to keep it; {@link #FOREVER}; zero or negative deletes the
	 * key instead
	 * @throws SerializationException if the value cannot be serialized or its class is
	 * not allowed
	 */
	void set(String key, @Nullable Object value, Duration timeout);

	/**
	 * Stores a value with the default timeout only if the key is absent (or expired).
	 * Atomic on every backend: of concurrent {@code add}s of one key, exactly one returns
	 * {@code true}.
	 * @param key the key
	 * @param value the value
	 * @return whether the value was stored
	 */
	default boolean add(String key, @Nullable Object value) {
		return add(key, value, defaultTimeout());
	}

	/**
	 * Stores a value only if the key is absent (or expired). Atomic on every backend.
	 * With a zero or negative timeout nothing is kept, and the result says whether the
	 * key was absent, as in Django.
	 * @param key the key
	 * @param value the value
	 * @param timeout how long to keep it, or {@link #FOREVER}
	 * @return whether the value was stored
	 */
	boolean add(String key, @Nullable Object value, Duration timeout);

	/**
	 * Returns the value of a key; on a miss, calls the supplier, adds its result with the
	 * default timeout and returns the value then in the cache. Follows Django's
	 * {@code get_or_set}: the supplier runs only on a miss, and when another caller adds
	 * the key first, that caller's value is returned.
	 * @param key the key
	 * @param supplier computes the value on a miss
	 * @param <T> the value type
	 * @return the cached or computed value
	 */
	<T> @Nullable T getOrSet(String key, Supplier<? extends @Nullable T> supplier);

	/**
	 * {@link #getOrSet(String, Supplier)} with an explicit timeout for the added value.
	 * @param key the key
	 * @param supplier computes the value on a miss
	 * @param timeout how long to keep a computed value, or {@link #FOREVER}
	 * @param <T> the value type
	 * @return the cached or computed value
	 */
	<T> @Nullable T getOrSet(String key, Supplier<? extends @Nullable T> supplier, Duration timeout);

	/**
	 * Returns the value of a key, computing it with stampede protection: Cachette's
	 * addition to Django's {@code get_or_set}, for hot keys whose supplier is expensive.
	 * <ul>
	 * <li><b>Single-flight</b>: concurrent misses of one key in this JVM run the supplier
	 * once; the others wait for its result (or its exception) up to the alias's
	 * {@code lock-timeout} (default 5s), then run it themselves. Other keys never wait.
	 * This applies to {@link #getOrSet(String, Supplier, Duration)} too, unless
	 * {@code single-flight} is {@code false}. With the alias's {@code lease} option, one
	 * caller across all the application instances sharing the store runs it, the others
	 * waiting for its value (see {@link #lock(String)}).</li>
	 * <li><b>Stale-while-revalidate</b>: within {@link Refresh#staleWhileRevalidate()}
	 * after the timeout, the old value is returned at once while one caller recomputes it
	 * in the background on the alias's executor.</li>
	 * <li><b>Stale-if-error</b>: when the supplier throws within
	 * {@link Refresh#staleIfError()} after the timeout, the old value is returned and the
	 * failure logged; outside it the exception propagates.</li>
	 * <li><b>Early recompute</b>: before the timeout, a caller starts a background
	 * recompute with the XFetch probability (see {@link Refresh}), so a hot key is
	 * usually refreshed before anyone sees a miss.</li>
	 * </ul>
	 * The value is stored with its logical expiry and compute time, and kept by the
	 * backend for the timeout plus the longer window. Plain reads ({@link #get},
	 * {@link #getMany}, {@link #hasKey}) see the value until the timeout and a miss after
	 * it, exactly as for a value {@link #set} with that timeout; {@link #add} and
	 * {@link #incr} see the entry until the backend drops it. A value stored by a plain
	 * {@link #set} is returned as is. Integer values are returned as {@link Long}.
	 * <p>
	 * The default implementation ignores {@code refresh} and calls
	 * {@link #getOrSet(String, Supplier, Duration)}; {@code BaseCache} implements it.
	 * @param key the key
	 * @param timeout how long the value is fresh, or {@link #FOREVER}; zero or negative
	 * returns the computed value and stores nothing
	 * @param supplier computes the value
	 * @param refresh the stale windows, XFetch beta and jitter
	 * @param <T> the value type
	 * @return the cached, stale or computed value
	 * @throws RuntimeException what the supplier threw, outside the stale-if-error window
	 * (waiters of a single-flight get the leader's exception)
	 */
	default <T> @Nullable T getOrSet(String key, Duration timeout, Supplier<? extends @Nullable T> supplier,
			Refresh refresh) {
		return getOrSet(key, supplier, timeout);
	}

	/**
	 * Obtains the per-key lock of a key, for pages and fragments that compute a value
	 * outside a supplier and store it themselves (see {@link CacheLock} for the usage).
	 * The key is made like every other operation's (key prefix, version). The lock is the
	 * one {@link #getOrSet} coordinates through: a lock holder and a concurrent
	 * {@code getOrSet} of the same key coalesce, in this JVM through single-flight and,
	 * with the alias's {@code lease} option, across application instances through the
	 * distributed lease. Never blocks: {@link CacheLock#acquired()} tells whether to
	 * compute, {@link CacheLock#awaitRelease()} waits otherwise.
	 * <p>
	 * The default implementation, for custom caches, coordinates nothing and returns
	 * {@link CacheLock#UNCOORDINATED}; {@code BaseCache} implements it.
	 * @param key the key
	 * @return the lock, to close in a {@code try}-with-resources block
	 * @throws CacheUnavailableException if the store cannot be reached to take the lease
	 * (with the deprecated {@code ignore-exceptions: true}, the lock is then acquired
	 * without one)
	 */
	default CacheLock lock(String key) {
		return CacheLock.UNCOORDINATED;
	}

	/**
	 * Returns the value of a key, adding {@code value} with the default timeout on a miss
	 * (Django's {@code get_or_set} with a plain default).
	 * @param key the key
	 * @param value the value to add on a miss
	 * @param <T> the value type
	 * @return the cached value, or {@code value} once added
	 */
	<T> @Nullable T getOrSet(String key, @Nullable T value);

	/**
	 * Stores several values with the default timeout. Follows Django's {@code set_many}.
	 * @param values keys and values
	 * @return the keys that could not be stored (empty unless the backend reports per-key
	 * failures, as memcached does)
	 */
	default List<String> setMany(Map<String, ? extends @Nullable Object> values) {
		return setMany(values, defaultTimeout());
	}

	/**
	 * Stores several values. One round trip on backends that support it.
	 * @param values keys and values
	 * @param timeout how long to keep them, {@link #FOREVER}; zero or negative deletes
	 * the keys
	 * @return the keys that could not be stored
	 */
	List<String> setMany(Map<String, ? extends @Nullable Object> values, Duration timeout);

	/**
	 * Gives a key a new expiry, the default timeout from now. Follows Django's
	 * {@code touch}.
	 * @param key the key
	 * @return whether the key existed
	 */
	default boolean touch(String key) {
		return touch(key, defaultTimeout());
	}

	/**
	 * Gives a key a new expiry. On Redis, {@code touch(key, FOREVER)} returns
	 * {@code PERSIST}'s answer, as Django does: {@code false} for a key that already
	 * never expires. An entry stored by
	 * {@link #getOrSet(String, Duration, Supplier, Refresh)} keeps its logical timeout:
	 * {@code touch} moves only the backend's expiry, so plain reads still see a miss once
	 * the timeout it was computed with has passed.
	 * @param key the key
	 * @param timeout the new timeout from now, {@link #FOREVER}; zero or negative expires
	 * the key at once
	 * @return whether the key existed
	 */
	boolean touch(String key, Duration timeout);

	/**
	 * Adds one to an integer value and returns the result; see
	 * {@link #incr(String, long)}.
	 * @param key the key
	 * @return the new value
	 * @throws CacheKeyNotFoundException if the key is missing (Django's
	 * {@code ValueError})
	 * @throws CacheValueNotIntegerException if the stored value is not an integer
	 * (Django's {@code TypeError})
	 */
	default long incr(String key) {
		return incr(key, 1);
	}

	/**
	 * Adds {@code delta} to an integer value and returns the result, atomically on every
	 * backend (one server command on shared backends, a row lock on the database, a file
	 * lock on the file backend).
	 * <p>
	 * The expiry afterwards is Django's for the backend: locmem, Redis and memcached keep
	 * it (their {@code incr} changes the number in place); the database and file backends
	 * store the sum with the default timeout from now, because Django's
	 * {@code BaseCache.incr}, which they inherit, re-stores it with {@code set}.
	 * <p>
	 * The missing-key message is Django's, byte for byte: {@code Key ':1:missing' not
	 * found} (the stored key) on locmem and memcached, {@code Key ':1:missing' not
	 * found.} on Redis, {@code Key 'missing' not found} (the key as given) on the
	 * database, file and dummy backends.
	 * @param key the key
	 * @param delta the amount to add, may be negative
	 * @return the new value
	 * @throws CacheKeyNotFoundException if the key is missing (Django's
	 * {@code ValueError})
	 * @throws CacheValueNotIntegerException if the stored value is not an integer
	 * (Django's {@code TypeError}); the value is left as it was
	 * @throws CacheUnavailableException if the server cannot be reached
	 */
	long incr(String key, long delta);

	/**
	 * Subtracts one from an integer value and returns the result.
	 * @param key the key
	 * @return the new value
	 * @throws CacheKeyNotFoundException if the key is missing
	 * @throws CacheValueNotIntegerException if the stored value is not an integer
	 */
	default long decr(String key) {
		return decr(key, 1);
	}

	/**
	 * Subtracts {@code delta} from an integer value and returns the result; the same as
	 * {@code incr(key, -delta)}.
	 * @param key the key
	 * @param delta the amount to subtract
	 * @return the new value
	 * @throws CacheKeyNotFoundException if the key is missing
	 * @throws CacheValueNotIntegerException if the stored value is not an integer
	 */
	default long decr(String key, long delta) {
		return incr(key, Math.negateExact(delta));
	}

	// Removing

	/**
	 * Removes a key.
	 * @param key the key
	 * @return whether a value was removed
	 */
	boolean delete(String key);

	/**
	 * Removes several keys, in one round trip on backends that support it.
	 * @param keys the keys
	 */
	void deleteMany(Collection<String> keys);

	/**
	 * Removes every key of this cache. What "every" means is the backend's: locmem
	 * empties its store (shared by aliases with the same location), Redis removes the
	 * keys of the alias's key prefix (the whole database without a prefix), memcached
	 * flushes the servers.
	 */
	void clear();

	// Versions

	/**
	 * Moves a key's value from the default version to the next one and returns the new
	 * version. The value is re-stored with the default timeout. Follows Django's
	 * {@code incr_version}.
	 * @param key the key
	 * @return the new version
	 * @throws CacheKeyNotFoundException if the key is missing at the current version
	 */
	default int incrVersion(String key) {
		return incrVersion(key, 1);
	}

	/**
	 * Moves a key's value from the default version by {@code delta} versions.
	 * @param key the key
	 * @param delta how many versions to move, may be negative
	 * @return the new version
	 * @throws CacheKeyNotFoundException if the key is missing at the current version
	 */
	int incrVersion(String key, int delta);

	/**
	 * Moves a key's value to the previous version.
	 * @param key the key
	 * @return the new version
	 * @throws CacheKeyNotFoundException if the key is missing at the current version
	 */
	default int decrVersion(String key) {
		return decrVersion(key, 1);
	}

	/**
	 * Moves a key's value back by {@code delta} versions.
	 * @param key the key
	 * @param delta how many versions to move back
	 * @return the new version
	 * @throws CacheKeyNotFoundException if the key is missing at the current version
	 */
	default int decrVersion(String key, int delta) {
		return incrVersion(key, Math.negateExact(delta));
	}

	/**
	 * Releases the backend's connections. Called by {@link Caches} when the application
	 * context closes; the cache must not be used afterwards. Never throws.
	 */
	@Override
	void close();

}
