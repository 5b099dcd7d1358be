package dev.cachette.cache.backend;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

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
 * The base of every backend: Django's {@code BaseCache}.
 *
 * <p>
 * A backend implements a handful of primitives, overriding the many-key, presence and
 * lease ones where its server does better than the defaults. Values it stores as bytes go
 * through {@link #encode} and {@link #decode}: integers as decimal text (so servers can
 * increment them), the rest through the alias's {@link Serializer}; unreadable bytes, or
 * a class the allow-list refuses, read as a logged miss, so a forged entry in a shared
 * store can neither run code nor break the request.
 *
 * <p>
 * The public operations are final and follow Django exactly, each delegated in one line
 * to {@link CacheOperations} and from there through the alias's {@link GuardedStore}, its
 * failure rule and {@link CircuitBreaker}. A {@link #withVersion version view} shares all
 * of this; only its keys' version differs.
 */
public abstract class BaseCache implements Cache, Revalidation.Source {

	/** What {@link #getValue} returns for a missing or expired key; never stored. */
	protected static final Object MISSING = RevalidationStore.MISSING;

	private static final Duration NANOS_LIMIT = Duration.ofNanos(Long.MAX_VALUE);

	private static final Executor DIRECT = Runnable::run;

	private static final String PING_KEY = "cachette:ping";

	/** Django's semantics of the public operations, on this cache's keys. */
	private final CacheOperations operations;

	/** How values become bytes, for backends that store bytes. */
	private final ValueCodec codec;

	/** Creates the cache for an alias, with its settings. */
	protected BaseCache(CacheSettings settings) {
		// isLocal() is a constant of the backend's class.
		this.operations = new CacheOperations(this, settings, isLocal());
		this.codec = new ValueCodec(settings);
		// Probes start only after failures, once this cache is fully built.
		this.operations.circuit().probeWith(this::ping);
	}

	/** A view of an alias's cache at another version, sharing all it has. */
	BaseCache(BaseCache backend, int version) {
		this.operations = new CacheOperations(backend.operations, version);
		this.codec = backend.codec;
	}

	/** The settings this alias was created with, for tools that describe it. */
	public final CacheSettings settings() {
		return this.operations.settings();
	}

	/**
	 * Checks that the backend answers, for health indicators: {@link #hasValue} of a
	 * reserved key, past the breaker (its state untouched) whatever {@code strict} says.
	 * Override with a cheaper command where the server has one.
	 * @throws CacheException if the backend cannot be reached
	 */
	public void ping() {
		hasValue(makeKey(PING_KEY));
	}

	@Override
	public final CacheStatistics statistics() {
		return this.operations.statistics();
	}

	// The primitives a backend implements. Keys are stored keys (made by the key function
	// and validated); timeouts are resolved: positive, or FOREVER (test with isForever).

	/** Reads a value: possibly {@code null}, or {@link #MISSING}. */
	protected abstract @Nullable Object getValue(String key);

	/** Writes a value, replacing any. */
	protected abstract void setValue(String key, @Nullable Object value, Duration timeout);

	/** Writes a value if the key is absent or expired, atomically; says if it did. */
	protected abstract boolean addValue(String key, @Nullable Object value, Duration timeout);

	/** Sets a new expiry on a present key; says whether the key was present. */
	protected abstract boolean touchValue(String key, Duration timeout);

	/** Removes a key; says whether a present key was removed. */
	protected abstract boolean deleteValue(String key);

	/**
	 * Adds to an integer value atomically; returns the sum, or {@code null} for a missing
	 * key. The expiry is the Django backend's: kept where its {@code incr} is the store's
	 * (locmem, Redis, memcached), the default from now where it re-stores the sum with
	 * {@code set} (database, file).
	 * @throws CacheValueNotIntegerException if the value is not an integer
	 */
	protected abstract @Nullable Long incrValue(String key, long delta);

	/**
	 * The exception {@code incr} and {@code decr} throw for a missing key (as given, and
	 * as stored), in the Django backend's words; by default Django's
	 * {@code BaseCache.incr}'s {@code Key 'missing' not found} (database, file, dummy).
	 */
	protected CacheKeyNotFoundException keyNotFound(String key, String storedKey) {
		return new CacheKeyNotFoundException("Key '" + key + "' not found");
	}

	/** Removes every key of this backend's store. */
	protected abstract void clearValues();

	/**
	 * Whether a key is present and unexpired, for {@code add} with a non-positive timeout
	 * ({@link #hasKey} reads the value: a {@link Refresh} entry outlives its timeout).
	 * Override when the server can answer without sending the value.
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
	 */
	protected @Nullable Object peekValue(String key) {
		return getValue(key);
	}

	/** Reads several values; returns the found ones. Override for one round trip. */
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

	/** Writes several values; returns the keys that failed. Override for one trip. */
	protected List<String> setValues(Map<String, @Nullable Object> values, Duration timeout) {
		values.forEach((key, value) -> setValue(key, value, timeout));
		return List.of();
	}

	/** Removes several keys. Override for one round trip. */
	protected void deleteValues(Collection<String> keys) {
		keys.forEach(this::deleteValue);
	}

	/**
	 * Takes a distributed lease (option {@code lease}): {@link #addValue} of the holder's
	 * token under {@code <stored key>:lease} for the duration; says whether it did.
	 * Override where the server has a better command.
	 */
	protected boolean acquireLease(String leaseKey, String token, Duration duration) {
		return addValue(leaseKey, token, duration);
	}

	/**
	 * Releases a lease if it still holds its token, leaving one another instance took.
	 * The default reads, compares and deletes, a short window between read and delete;
	 * override with an atomic compare-and-delete where the server has one.
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
	 * Whether the backend keeps its data in the JVM (locmem, dummy), unshared: then its
	 * calls are not timed, have no breaker and take no lease on a {@code getOrSet} miss
	 * (the default, {@code false}, has all three). Asked once, while constructed.
	 */
	protected boolean isLocal() {
		return false;
	}

	/** The number of entries in the store, or {@code null} (the default) if not cheap. */
	protected @Nullable Long storeSize() {
		return null;
	}

	/** How many entries the store evicted on its own, or {@code null} (the default). */
	protected @Nullable Long storeEvictions() {
		return null;
	}

	/**
	 * The executor {@link #async()} runs operations on: the calling thread for a
	 * {@link #isLocal() local} backend, which never blocks, else the settings' executor.
	 */
	protected Executor asyncExecutor() {
		return isLocal() ? DIRECT : this.operations.settings().executor();
	}

	/** Whether a resolved timeout is {@link #FOREVER} or too long to count in nanos. */
	protected static boolean isForever(Duration timeout) {
		return timeout.compareTo(NANOS_LIMIT) >= 0;
	}

	// Serialization for backends that store bytes, in ValueCodec

	/**
	 * Turns a value into bytes: integers as text, the rest through the serializer.
	 * @throws SerializationException naming the alias if the serializer refuses the value
	 */
	protected final byte[] encode(@Nullable Object value) {
		return this.codec.encode(value);
	}

	/**
	 * Turns bytes written by {@link #encode} back into a value; unreadable ones are
	 * {@link #MISSING}, and the read deletes, logs and counts them (see
	 * {@link UnreadableEntries}).
	 */
	protected final @Nullable Object decode(byte[] bytes) {
		return this.codec.decode(bytes);
	}

	/** A value as stored: integer types widened to {@link Long}, counters alike. */
	protected static @Nullable Object normalize(@Nullable Object value) {
		return Counters.normalize(value);
	}

	/**
	 * Decodes a multi-key read for {@link #getValues}: {@code values} in the order of the
	 * keys ({@code null} for an absent one) or {@code null}; returns the found ones.
	 */
	protected final Map<String, @Nullable Object> decodeAll(List<String> keys,
			@Nullable List<byte @Nullable []> values) {
		return this.codec.decodeAll(keys, values);
	}

	/**
	 * Adds to a counter read from the store, for an {@code incrValue} that does the sum.
	 * @throws CacheValueNotIntegerException if the value is not an integer
	 * @throws CacheException if the sum would overflow a {@code long}
	 */
	protected final long addToCounter(String key, @Nullable Object value, long delta) {
		return this.codec.addToCounter(key, value, delta);
	}

	// Cache: Django's semantics, in CacheOperations

	@Override
	public String alias() {
		return this.operations.settings().alias();
	}

	@Override
	public int defaultVersion() {
		return this.operations.version();
	}

	@Override
	public Duration defaultTimeout() {
		return this.operations.settings().timeout();
	}

	/** Any timeout too long to count in nanoseconds (292 years) is {@link #FOREVER}. */
	@Override
	public Duration getBackendTimeout(Duration timeout) {
		return isForever(timeout) ? FOREVER : Cache.super.getBackendTimeout(timeout);
	}

	@Override
	public final Cache withVersion(int version) {
		return this.operations.withVersion(this, version);
	}

	@Override
	public final AsyncCache async() {
		return AsyncCache.of(this, this.operations.backend().asyncExecutor());
	}

	@Override
	public final String makeKey(String key) {
		return this.operations.makeKey(key);
	}

	/** Logs Django's {@code CacheKeyWarning}s, see {@link KeyWarningLog}. */
	@Override
	public void validateKey(String key) {
		this.operations.validateKey(key);
	}

	/**
	 * Django's {@code memcache_key_warnings}, word for word (see {@link KeyWarnings}).
	 * @return no text for a portable stored key, one or two otherwise
	 */
	protected static List<String> memcacheKeyWarnings(String key) {
		return KeyWarnings.of(key);
	}

	@Override
	public final <T> @Nullable T get(String key, @Nullable T defaultValue) {
		return this.operations.get(key, defaultValue);
	}

	@Override
	public final Map<String, @Nullable Object> getMany(Collection<String> keys) {
		return this.operations.getMany(keys);
	}

	/** Reads the value, as Django does: a {@link Refresh} entry past it is absent. */
	@Override
	public final boolean hasKey(String key) {
		return this.operations.hasKey(key);
	}

	@Override
	public final void set(String key, @Nullable Object value, Duration timeout) {
		this.operations.set(key, value, timeout);
	}

	@Override
	public final boolean add(String key, @Nullable Object value, Duration timeout) {
		return this.operations.add(key, value, timeout);
	}

	@Override
	public final <T> @Nullable T getOrSet(String key, Supplier<? extends @Nullable T> supplier) {
		return this.operations.getOrSet(key, supplier, defaultTimeout());
	}

	@Override
	public final <T> @Nullable T getOrSet(String key, Supplier<? extends @Nullable T> supplier, Duration timeout) {
		return this.operations.getOrSet(key, supplier, timeout);
	}

	@Override
	public final <T> @Nullable T getOrSet(String key, Duration timeout, Supplier<? extends @Nullable T> supplier,
			Refresh refresh) {
		return this.operations.getOrSet(key, timeout, supplier, refresh);
	}

	@Override
	public final <T> @Nullable T getOrSet(String key, @Nullable T value) {
		return this.operations.getOrSet(key, () -> value, defaultTimeout());
	}

	@Override
	public final Revalidation revalidation(Clock clock) {
		return this.operations.revalidation(clock);
	}

	@Override
	public final CacheLock lock(String key) {
		return this.operations.lock(key);
	}

	/** What this alias's stampede protection did, for meters; shared by its views. */
	public final StampedeStatistics stampedeStatistics() {
		return this.operations.stampedeStatistics();
	}

	/** The stampede protection, for tests (through {@code BaseCaches}). */
	RevalidationStore revalidationStore() {
		return this.operations.revalidationStore();
	}

	@Override
	public final List<String> setMany(Map<String, ? extends @Nullable Object> values, Duration timeout) {
		return this.operations.setMany(values, timeout);
	}

	@Override
	public final boolean touch(String key, Duration timeout) {
		return this.operations.touch(key, timeout);
	}

	@Override
	public final long incr(String key, long delta) {
		return this.operations.incr(key, delta);
	}

	@Override
	public final boolean delete(String key) {
		return this.operations.delete(key);
	}

	@Override
	public final void deleteMany(Collection<String> keys) {
		this.operations.deleteMany(keys);
	}

	@Override
	public final void clear() {
		this.operations.clear();
	}

	@Override
	public final int incrVersion(String key, int delta) {
		return this.operations.incrVersion(key, delta);
	}

	@Override
	public void close() {
		this.operations.store().close();
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[alias=" + alias() + ", version=" + defaultVersion() + "]";
	}

	/**
	 * Whether every failure throws (option {@code strict}, or the deprecated
	 * {@code ignore-exceptions: false}), for adapters that must keep the alias's rule.
	 */
	public final boolean isStrict() {
		return this.operations.isStrict();
	}

	/**
	 * This alias's breaker, shared by its views, for meters and health indicators.
	 * @return the breaker, or {@code null} for a local backend, which never fails
	 */
	public final @Nullable CircuitBreaker circuitBreaker() {
		return this.operations.circuitBreaker();
	}

	/** The breakers of the alias's servers (memcached, Redis replicas), for meters. */
	public List<CircuitBreaker> serverCircuitBreakers() {
		return List.of();
	}

	/**
	 * For servers with breakers of their own: the alias's opens while none of theirs is
	 * closed, so it serves stale at once. Call it from the constructor, once they exist.
	 */
	protected final void circuitFollowsServers(List<CircuitBreaker> servers) {
		this.operations.circuit().followServers(servers);
	}

	// What a primitive throws for a server it cannot reach (named with no passwords), the
	// operation and the client's exception; answered as fail-open says. See AliasCircuit.

	/** For an unreachable server: counts toward the alias's breaker's threshold. */
	protected final CacheUnavailableException unavailable(String server, String operation, Throwable cause) {
		return this.operations.circuit().unavailable(server, operation, cause);
	}

	/**
	 * For a server down rather than slow (connection refused, or broken under the call):
	 * the alias's breaker opens at once, so the next calls skip the server.
	 */
	protected final CacheUnavailableException serverDown(String server, String operation, Throwable cause) {
		return this.operations.circuit().serverDown(server, operation, cause);
	}

	/**
	 * For a server whose own breaker ({@link #serverCircuitBreakers}) counted the failure
	 * or skipped the call: not counted by the alias's, so the other servers keep serving.
	 */
	protected final CacheUnavailableException serverUnavailable(String server, String operation, Throwable cause) {
		return this.operations.circuit().serverUnavailable(server, operation, cause);
	}

}
