package dev.cachette.cache.revalidation;

import java.time.Duration;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.cachette.cache.Cache;

/**
 * What the {@link Revalidation} flow needs of a cache: raw reads that leave envelopes
 * wrapped, writes, and who recomputes a key. A {@link RevalidationStore} (a
 * {@code BaseCache}'s) answers with its alias's single-flight and lease
 * ({@link RefreshingLoader}); any other {@link Cache} with its {@link Cache#lock(String)}
 * ({@link LockingStore}).
 */
interface FlowStore {

	/**
	 * The key the store keeps a caller's key under.
	 * @param key the caller's key
	 * @return the stored key
	 */
	String storedKey(String key);

	/**
	 * Reads an entry as stored, envelopes included.
	 * @param storedKey the stored key
	 * @return the entry, or {@link RevalidationStore#MISSING}
	 */
	@Nullable Object read(String storedKey);

	/**
	 * Writes an entry as {@link Cache#set} does.
	 * @param storedKey the stored key
	 * @param value the value or envelope
	 * @param timeout the timeout, {@code null} for the cache's default
	 */
	void write(String storedKey, @Nullable Object value, @Nullable Duration timeout);

	/**
	 * Claims the recomputation of a key, waiting for another caller's if there is one.
	 * @param storedKey the stored key
	 * @param lookup reads the fresh value, or {@link RevalidationStore#MISSING}, while
	 * waiting for another instance
	 * @param deadline the {@link System#nanoTime()} after which a waiter gives up, when
	 * the store does not bound the wait itself
	 * @param first whether this is the caller's first claim of the key, so that its wait
	 * is counted once
	 * @param counters where waits and timeouts are counted
	 * @return a held {@link Claim}; else the value another caller published or stored,
	 * {@link SingleFlight#RELEASED} when it left nothing, or
	 * {@link SingleFlight#TIMED_OUT}
	 */
	@Nullable Object claim(String storedKey, Supplier<?> lookup, long deadline, boolean first, StampedeStatistics counters);

	/**
	 * How long a caller waits for another's recomputation.
	 * @return the wait
	 */
	Duration lockTimeout();

	/**
	 * Claims the recomputation of a key if nobody else holds it, never waiting.
	 * @param storedKey the stored key
	 * @return the held claim, or {@code null}
	 */
	@Nullable Claim tryClaim(String storedKey);

	/**
	 * The last envelopes this JVM saw, served while the store is out of reach.
	 * @return them, or {@code null} when the store has no circuit breaker
	 */
	@Nullable LastKnownValues lastKnown();

	/**
	 * Whether the store is out of reach (its circuit breaker open or probing).
	 * @return whether it is
	 */
	boolean circuitOpen();

}
