package dev.cachette.cache.backend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheStatistics;
import dev.cachette.cache.CacheUnavailableException;
import dev.cachette.cache.resilience.CircuitBreaker;

/**
 * A backend's primitives as {@link BaseCache}'s semantics call them: each call through
 * the alias's {@link CircuitBreaker}, timed when a latency recorder is installed, and
 * answered by the failure rule {@link Cache} describes (a miss where that is honest, the
 * exception where the result matters; see {@link FailureMode}). Every read of an
 * unreadable entry repairs it here. One per alias, shared by its version views: the store
 * is the same, only the version differs.
 */
final class GuardedStore {

	private static final Log logger = LogFactory.getLog(BaseCache.class);

	private final BaseCache backend;

	private final @Nullable CircuitBreaker circuit;

	private final CacheStatistics statistics;

	private final boolean strict;

	private final boolean ignoreExceptions;

	private final UnreadableEntries unreadable = new UnreadableEntries();

	private final LongSupplier clock;

	private final AtomicBoolean closed = new AtomicBoolean();

	GuardedStore(BaseCache backend, @Nullable CircuitBreaker circuit, CacheStatistics statistics,
			FailureMode failureMode, LongSupplier clock) {
		this.backend = backend;
		this.circuit = circuit;
		this.statistics = statistics;
		this.strict = failureMode == FailureMode.STRICT;
		this.ignoreExceptions = failureMode == FailureMode.IGNORE_EXCEPTIONS;
		this.clock = clock;
	}

	/** The cache whose primitives are called: the alias's own, never a view. */
	BaseCache backend() {
		return this.backend;
	}

	// An untimed read is written out, without a lambda or a timing block: it is the hot
	// path of a local cache, which has no breaker.

	/** Reads a stored value; a failure is a miss. */
	@Nullable Object read(String key) {
		return repaired(key, readStored(key));
	}

	private @Nullable Object readStored(String key) {
		if (this.circuit != null || this.statistics.latencyRecorder() != null) {
			return call(CacheStatistics.Operation.GET, () -> this.backend.getValue(key), BaseCache.MISSING,
					!this.strict);
		}
		try {
			return this.backend.getValue(key);
		}
		catch (CacheUnavailableException ex) {
			// A local backend that failed after all: the rule still holds.
			if (this.strict) {
				throw ex;
			}
			return BaseCache.MISSING;
		}
	}

	/** Reads a stored value for an operation whose result matters. */
	@Nullable Object readOrThrow(String key) {
		return repaired(key,
				call(CacheStatistics.Operation.GET, () -> this.backend.getValue(key), BaseCache.MISSING, false));
	}

	/** As {@link #read}, through {@link BaseCache#peekValue}. */
	@Nullable Object peek(String key) {
		return repaired(key, call(CacheStatistics.Operation.GET, () -> this.backend.peekValue(key), BaseCache.MISSING,
				!this.strict));
	}

	/** Whether a key is present, for {@code add}; a failure throws. */
	boolean exists(String key) {
		return call(CacheStatistics.Operation.HAS_KEY, () -> this.backend.hasValue(key), true, this.ignoreExceptions);
	}

	Map<String, @Nullable Object> readMany(List<String> keys) {
		Map<String, @Nullable Object> found = call(CacheStatistics.Operation.GET_MANY,
				() -> this.backend.getValues(keys), Map.of(), !this.strict);
		UnreadableEntries.Failure failure = UnreadableEntries.takeFailure();
		if (failure != null) {
			// The backend dropped the unreadable ones from what it found; deleting a key
			// that is simply absent changes nothing.
			List<String> notFound = new ArrayList<>(keys);
			notFound.removeAll(found.keySet());
			repair(notFound, failure);
		}
		return found;
	}

	/**
	 * Every read of one key passes its result here, so that an unreadable entry is
	 * repaired by the read that met it and its note never reaches a later read.
	 */
	private @Nullable Object repaired(String key, @Nullable Object value) {
		if (value == BaseCache.MISSING) {
			UnreadableEntries.Failure failure = UnreadableEntries.takeFailure();
			if (failure != null) {
				repair(List.of(key), failure);
			}
		}
		return value;
	}

	/**
	 * Deletes entries whose bytes could not be read (corrupt, another serializer's, a
	 * class the allow-list refuses), so that they stop hiding the key from writes that
	 * only add; logs each key once per minute. Never throws: the read stays a miss.
	 */
	private void repair(List<String> keys, UnreadableEntries.Failure failure) {
		this.statistics.unreadable(failure.count());
		boolean deleted;
		try {
			deleted = removeMany(keys);
		}
		catch (RuntimeException ex) {
			deleted = false;
		}
		Object logKey = (keys.size() == 1) ? keys.get(0) : keys;
		if (this.unreadable.shouldLog(logKey, this.clock.getAsLong())) {
			String which = (keys.size() == 1) ? "the entry '" + keys.get(0) + "'"
					: failure.count() + " of the entries " + keys;
			logger
				.error("Cache '" + this.backend.alias() + "': " + which + " could not be read and is treated as a miss"
						+ (deleted ? "; deleted" : "; not deleted, the next set replaces it") + ": " + failure.problem()
						+ " (not logged again for " + UnreadableEntries.LOG_INTERVAL_MILLIS / 1000 + " s)");
		}
	}

	/** Returns false when a failure was answered ({@code failOpen}), else throws. */
	boolean write(String key, @Nullable Object value, Duration timeout, boolean failOpen) {
		return call(CacheStatistics.Operation.SET, () -> {
			this.backend.setValue(key, value, timeout);
			return true;
		}, false, failOpen);
	}

	/**
	 * Adds a value; a failure reports {@code false} when {@code failOpen}, else throws
	 * (unless {@code ignore-exceptions}).
	 */
	boolean writeIfAbsent(String key, @Nullable Object value, Duration timeout, boolean failOpen) {
		return call(CacheStatistics.Operation.ADD, () -> this.backend.addValue(key, value, timeout), false,
				failOpen ? !this.strict : this.ignoreExceptions);
	}

	List<String> writeMany(Map<String, @Nullable Object> values, Duration timeout) {
		return call(CacheStatistics.Operation.SET_MANY, () -> this.backend.setValues(values, timeout),
				List.copyOf(values.keySet()), !this.strict);
	}

	boolean expire(String key, Duration timeout) {
		return call(CacheStatistics.Operation.TOUCH, () -> this.backend.touchValue(key, timeout), false, !this.strict);
	}

	boolean remove(String key) {
		return call(CacheStatistics.Operation.DELETE, () -> this.backend.deleteValue(key), false, !this.strict);
	}

	/** Returns false when a failure was answered. */
	boolean removeMany(Collection<String> keys) {
		return call(CacheStatistics.Operation.DELETE_MANY, () -> {
			this.backend.deleteValues(keys);
			return true;
		}, false, !this.strict);
	}

	/** Increments; a failure always throws, since no number is an honest answer. */
	@Nullable Long increment(String key, long delta) {
		return call(CacheStatistics.Operation.INCR, () -> this.backend.incrValue(key, delta), null, false);
	}

	void removeAll() {
		call(CacheStatistics.Operation.CLEAR, () -> {
			this.backend.clearValues();
			return null;
		}, null, !this.strict);
	}

	/**
	 * Takes a lease for {@code getOrSet}; an unreachable server counts as taken (unless
	 * {@code strict}), so the caller computes as it would without a lease.
	 */
	boolean takeLease(String leaseKey, String token, Duration duration) {
		return call(CacheStatistics.Operation.ADD, () -> this.backend.acquireLease(leaseKey, token, duration), true,
				!this.strict);
	}

	/**
	 * Takes a lease for {@link BaseCache#lock}: a failure throws (with
	 * {@code ignore-exceptions}, counts as taken).
	 */
	boolean takeLeaseOrThrow(String leaseKey, String token, Duration duration) {
		return call(CacheStatistics.Operation.ADD, () -> this.backend.acquireLease(leaseKey, token, duration), true,
				this.ignoreExceptions);
	}

	/** Releases a lease; never throws, since an unreleased lease expires on its own. */
	void giveBackLease(String leaseKey, String token) {
		try {
			call(CacheStatistics.Operation.DELETE, () -> {
				this.backend.releaseLease(leaseKey, token);
				return null;
			}, null, true);
		}
		catch (RuntimeException ex) {
			logger.warn("Cache '" + this.backend.alias() + "': the lease '" + leaseKey
					+ "' could not be released and expires on its own: " + ex);
		}
	}

	/** Tells whether a lease is held; a failure says no (unless {@code strict}). */
	boolean leaseHeld(String leaseKey) {
		return call(CacheStatistics.Operation.HAS_KEY, () -> this.backend.hasValue(leaseKey), false, !this.strict);
	}

	/** Closes the backend's store once, for the alias; a failure is logged. */
	void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		try {
			this.backend.closeStore();
		}
		catch (RuntimeException ex) {
			logger.warn("Cache '" + this.backend.alias() + "' did not close cleanly", ex);
		}
	}

	/**
	 * Calls a primitive through the circuit breaker; every primitive call goes through
	 * here, so a server failure is handled and a server call timed in one place.
	 * @param fallback what a failure, or a call skipped by the open circuit, answers
	 * @param fallBack whether it answers the fallback; otherwise it throws
	 */
	<R> R call(CacheStatistics.Operation operation, Supplier<R> primitive, R fallback, boolean fallBack) {
		CircuitBreaker circuit = this.circuit;
		if (circuit != null && !circuit.allowsCall()) {
			if (fallBack) {
				return fallback;
			}
			throw circuit.openException();
		}
		CacheStatistics.LatencyRecorder recorder = this.statistics.latencyRecorder();
		long start = (recorder != null) ? System.nanoTime() : 0;
		boolean answered = false;
		boolean unavailable = false;
		try {
			R result = primitive.get();
			answered = true;
			return result;
		}
		catch (CacheUnavailableException ex) {
			unavailable = true;
			// A server with its own breaker has counted its failure there.
			if (circuit != null && ex instanceof ServerDownException) {
				circuit.trip(ex);
			}
			else if (circuit != null && !(ex instanceof ServerUnavailableException)) {
				circuit.failure(ex);
			}
			if (fallBack) {
				return fallback;
			}
			throw ex;
		}
		finally {
			// Any other outcome, an exception included, means the server answered.
			if (!unavailable && circuit != null) {
				circuit.success();
			}
			if (recorder != null) {
				recorder.record(operation, System.nanoTime() - start, !answered);
			}
		}
	}

}
