package dev.cachette.cache.backend;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheKeyNotFoundException;
import dev.cachette.cache.CacheLock;
import dev.cachette.cache.CacheStatistics;
import dev.cachette.cache.Refresh;
import dev.cachette.cache.resilience.CircuitBreaker;
import dev.cachette.cache.revalidation.Revalidation;
import dev.cachette.cache.revalidation.RevalidationStore;
import dev.cachette.cache.revalidation.StampedeStatistics;
import dev.cachette.cache.settings.CacheSettings;

/**
 * Django's semantics of {@link BaseCache}'s public operations, on the alias's
 * {@link GuardedStore}: key making and validation (memoized for hot keys, see
 * {@link MadeKeys}), versions, default and non-positive timeouts, fail-open or strict
 * writes, the alias's {@link CacheStatistics}, {@code getOrSet} through the revalidation
 * flow, {@code incrVersion} and the many-key operations' bookkeeping. {@link BaseCache}
 * delegates each public operation here in one line, so that it holds only what a backend
 * author implements or calls. One per cache: a version view's shares its alias's store,
 * statistics, key warnings and stampede protection; only the version differs.
 */
final class CacheOperations {

	private final CacheSettings settings;

	private final int version;

	/**
	 * Option {@code strict}: every failure throws, as before fail-open (the rest of the
	 * {@link FailureMode} is the {@link GuardedStore}'s).
	 */
	private final boolean strict;

	/** The alias's breaker ({@code null} for a local backend); shared by the views. */
	private final AliasCircuit circuit;

	private final CacheStatistics statistics;

	/** The stampede protection on this cache's made keys; a view's shares its alias's. */
	private final BackendRevalidationStore loader;

	/** The backend's primitives, guarded; the alias's own, shared by its views. */
	private final GuardedStore store;

	private final KeyWarningLog keyWarnings;

	/** The revalidation flow on this cache's made keys: a view's are its version's. */
	private final Revalidation revalidation;

	/**
	 * Stored keys of hot keys; {@code null} in version views, which are made per call.
	 */
	private final @Nullable MadeKeys keyMemo;

	/** The operations of an alias's own cache, on its backend's primitives. */
	CacheOperations(BaseCache backend, CacheSettings settings, boolean local) {
		CircuitBreaker circuit = CircuitBreaker.of(settings);
		this.settings = settings;
		this.version = settings.version();
		this.keyWarnings = new KeyWarningLog(settings);
		FailureMode failureMode = FailureMode.of(settings, true);
		this.strict = failureMode == FailureMode.STRICT;
		this.circuit = new AliasCircuit(settings.alias(), local ? null : circuit);
		// Statistics skip the server while its circuit is open, as every call does.
		this.statistics = new CacheStatistics(settings.booleanOption("statistics", true), !local,
				() -> this.circuit.open() ? null : backend.storeSize(),
				() -> this.circuit.open() ? null : backend.storeEvictions());
		this.loader = new BackendRevalidationStore(this, settings, !local);
		this.store = new GuardedStore(backend, this.circuit.breaker(), this.statistics, failureMode, this.loader::now);
		this.revalidation = this.loader.revalidation(settings.clock());
		this.keyMemo = new MadeKeys();
	}

	/**
	 * The operations of a view of an alias's cache at another version, sharing all it
	 * has.
	 */
	CacheOperations(CacheOperations alias, int version) {
		this.settings = alias.settings;
		this.version = version;
		this.keyWarnings = alias.keyWarnings;
		this.strict = alias.strict;
		this.circuit = alias.circuit;
		this.statistics = alias.statistics;
		this.loader = new BackendRevalidationStore(this, alias.loader);
		this.store = alias.store;
		this.revalidation = this.loader.revalidation(this.settings.clock());
		this.keyMemo = null;
	}

	/** The cache whose primitives are called: the alias's own, never a view. */
	BaseCache backend() {
		return this.store.backend();
	}

	CacheSettings settings() {
		return this.settings;
	}

	int version() {
		return this.version;
	}

	CacheStatistics statistics() {
		return this.statistics;
	}

	@Nullable CircuitBreaker circuitBreaker() {
		return this.circuit.breaker();
	}

	AliasCircuit circuit() {
		return this.circuit;
	}

	GuardedStore store() {
		return this.store;
	}

	/**
	 * A view of the alias at a version: {@code self} or the alias's cache when it has it.
	 */
	Cache withVersion(BaseCache self, int version) {
		BaseCache backend = this.store.backend();
		if (version == this.version || version == backend.defaultVersion()) {
			return (version == this.version) ? self : backend;
		}
		return new VersionView(backend, version);
	}

	String makeKey(String key) {
		return this.settings.keyFunction().makeKey(key, this.settings.keyPrefix(), this.version);
	}

	String makeAndValidateKey(String key) {
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

	void validateKey(String key) {
		this.keyWarnings.check(key);
	}

	@SuppressWarnings("unchecked")
	<T> @Nullable T get(String key, @Nullable T defaultValue) {
		Object value = unwrap(read(makeAndValidateKey(key)));
		if (value != BaseCache.MISSING) {
			this.statistics.hit();
			return (T) value;
		}
		this.statistics.miss();
		return defaultValue;
	}

	Map<String, @Nullable Object> getMany(Collection<String> keys) {
		Map<String, String> userKeys = madeKeys(keys);
		Map<String, @Nullable Object> found = this.store.readMany(new ArrayList<>(userKeys.keySet()));
		Map<String, @Nullable Object> result = new LinkedHashMap<>();
		userKeys.forEach((made, key) -> {
			Object value = found.containsKey(made) ? unwrap(found.get(made)) : BaseCache.MISSING;
			if (value != BaseCache.MISSING) {
				result.put(key, value);
			}
		});
		this.statistics.lookups(result.size(), userKeys.size());
		return result;
	}

	/**
	 * Reads the value, as Django's {@code BaseCache.has_key} does: see
	 * {@link BaseCache#hasKey}.
	 */
	boolean hasKey(String key) {
		return unwrap(this.store.peek(makeAndValidateKey(key))) != BaseCache.MISSING;
	}

	void set(String key, @Nullable Object value, Duration timeout) {
		setMade(makeAndValidateKey(key), value, timeout);
	}

	/**
	 * Sets a value as {@code set} does, failing open unless {@code strict}.
	 * @param timeout the timeout, {@code null} for the alias's default
	 */
	void setMade(String made, @Nullable Object value, @Nullable Duration timeout) {
		setMade(made, value, (timeout != null) ? timeout : this.settings.timeout(), !this.strict);
	}

	/** Sets a value; a failure is answered when {@code failOpen}, else throws. */
	private void setMade(String made, @Nullable Object value, Duration timeout, boolean failOpen) {
		Duration backendTimeout = this.store.backend().getBackendTimeout(timeout);
		if (keeps(backendTimeout)) {
			if (this.store.write(made, BaseCache.normalize(value), this.loader.jitter(backendTimeout), failOpen)) {
				this.statistics.puts(1);
			}
		}
		else {
			removeCounted(made);
		}
	}

	boolean add(String key, @Nullable Object value, Duration timeout) {
		return addMade(makeAndValidateKey(key), value, timeout, false);
	}

	/**
	 * Adds a value; {@code failOpen} for {@code getOrSet}, where an unreachable store
	 * only means that the computed value is not kept.
	 */
	boolean addMade(String made, @Nullable Object value, Duration timeout, boolean failOpen) {
		Duration backendTimeout = this.store.backend().getBackendTimeout(timeout);
		if (keeps(backendTimeout)) {
			boolean added = this.store.writeIfAbsent(made, BaseCache.normalize(value),
					this.loader.jitter(backendTimeout), failOpen);
			if (added) {
				this.statistics.puts(1);
			}
			return added;
		}
		// Django: nothing is kept, and the result says whether the add would have won.
		return failOpen || !this.store.exists(made);
	}

	/**
	 * Follows Django's {@code get_or_set}; a miss runs on the revalidation flow, which
	 * decides who computes (see {@link RevalidationStore}).
	 */
	@SuppressWarnings("unchecked")
	<T> @Nullable T getOrSet(String key, Supplier<? extends @Nullable T> supplier, Duration timeout) {
		String made = makeAndValidateKey(key);
		// A hit is one read, as for get: the flow is entered on a miss only.
		Object stored = read(made);
		Object value = unwrap(stored);
		if (value != BaseCache.MISSING) {
			this.statistics.hit();
			return (T) value;
		}
		this.statistics.miss();
		return (T) this.loader.getOrSet(this.revalidation, made, stored, supplier, timeout);
	}

	@SuppressWarnings("unchecked")
	<T> @Nullable T getOrSet(String key, Duration timeout, Supplier<? extends @Nullable T> supplier, Refresh refresh) {
		return (T) this.loader.getOrSet(this.revalidation, makeAndValidateKey(key), timeout,
				() -> BaseCache.normalize(supplier.get()), refresh);
	}

	/** The flow on this cache's keys, on the caller's clock. */
	Revalidation revalidation(Clock clock) {
		return clock.equals(this.settings.clock()) ? this.revalidation : this.loader.revalidation(clock);
	}

	CacheLock lock(String key) {
		return this.loader.lock(makeAndValidateKey(key));
	}

	StampedeStatistics stampedeStatistics() {
		return this.loader.statistics();
	}

	/** The stampede protection, for tests (through {@code BaseCaches}). */
	RevalidationStore revalidationStore() {
		return this.loader;
	}

	List<String> setMany(Map<String, ? extends @Nullable Object> values, Duration timeout) {
		Map<String, String> userKeys = madeKeys(values.keySet());
		Duration backendTimeout = this.store.backend().getBackendTimeout(timeout);
		if (!keeps(backendTimeout)) {
			removeManyCounted(userKeys.keySet());
			return List.of();
		}
		Map<String, @Nullable Object> made = new LinkedHashMap<>();
		userKeys.forEach((madeKey, key) -> made.put(madeKey, BaseCache.normalize(values.get(key))));
		List<String> failed = new ArrayList<>();
		for (String madeKey : this.store.writeMany(made, this.loader.jitter(backendTimeout))) {
			failed.add(userKeys.get(madeKey));
		}
		this.statistics.puts(made.size() - failed.size());
		return failed;
	}

	boolean touch(String key, Duration timeout) {
		String made = makeAndValidateKey(key);
		Duration backendTimeout = this.store.backend().getBackendTimeout(timeout);
		return keeps(backendTimeout) ? this.store.expire(made, this.loader.jitter(backendTimeout))
				: removeCounted(made);
	}

	long incr(String key, long delta) {
		String made = makeAndValidateKey(key);
		Long value = this.store.increment(made, delta);
		if (value == null) {
			throw this.store.backend().keyNotFound(key, made);
		}
		return value;
	}

	boolean delete(String key) {
		return removeCounted(makeAndValidateKey(key));
	}

	void deleteMany(Collection<String> keys) {
		removeManyCounted(madeKeys(keys).keySet());
	}

	void clear() {
		this.store.removeAll();
	}

	/** Follows Django's {@code incr_version}: read, store at the new version, delete. */
	int incrVersion(String key, int delta) {
		Object value = unwrap(this.store.readOrThrow(makeAndValidateKey(key)));
		if (value == BaseCache.MISSING) {
			// Django's incr_version names the key as given, on every backend.
			throw new CacheKeyNotFoundException("Key '" + key + "' not found");
		}
		int newVersion = Math.addExact(this.version, delta);
		// A write that fails throws, as incrVersion promises, before the old version is
		// deleted: a fail-open set would lose the value.
		setMade(this.settings.keyFunction().makeKey(key, this.settings.keyPrefix(), newVersion), value,
				this.settings.timeout(), false);
		delete(key);
		return newVersion;
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

	boolean isStrict() {
		return this.strict;
	}

}
