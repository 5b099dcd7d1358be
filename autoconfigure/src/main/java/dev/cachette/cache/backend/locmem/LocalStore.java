package dev.cachette.cache.backend.locmem;

import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * One location's entries as one alias sees them: each write makes room by that alias's
 * own {@code max-entries} and {@code cull-frequency}, as Django's {@code _cull} runs in
 * the writing alias. Expired entries are never returned. Every method is atomic.
 */
interface LocalStore {

	/**
	 * The live entry, made the most recently used; {@code null} when absent or expired.
	 */
	@Nullable Entry get(String key);

	/** The live entry, recency unchanged; {@code null} when absent or expired. */
	@Nullable Entry peek(String key);

	/** Whether a live entry exists; recency is unchanged. */
	boolean contains(String key);

	/** Stores an entry, making room first if the store is full. */
	void put(String key, Entry entry);

	/** Stores an entry unless a live one exists; tells whether it did. */
	boolean putIfAbsent(String key, Entry entry);

	/** Gives a live entry a new expiry; recency is unchanged. */
	boolean touch(String key, long expiresAt);

	/**
	 * Replaces a live entry with the function's result, made the most recently used.
	 * @return the new entry, or {@code null} when absent or expired
	 */
	@Nullable Entry update(String key, UnaryOperator<Entry> update);

	/** Deletes an entry; tells whether a live one was deleted. */
	boolean remove(String key);

	/** Deletes every entry of the location. */
	void clear();

	/** The entries of the location, expired ones included until they are removed. */
	long size();

	/** Entries the location dropped to make room or because they expired. */
	long evictions();

}
