package dev.cachette.cache.backend;

import org.jspecify.annotations.Nullable;

import dev.cachette.cache.KeyFunction;

/**
 * Remembers the stored keys made and validated for recently used keys, so a hot key skips
 * Django's {@code make_key} and {@code validate_key} (a new string, its hash and a scan
 * of its characters: more than the map lookup of a local miss). Two-way set-associative,
 * like a CPU cache: each key has a pair of slots chosen by its hash, a newer key evicts
 * the older of the two, and a lookup is one or two array reads, each with an identity or
 * equality check. No locks: a slot holds an immutable pair, so a racing reader sees a
 * whole pair or none. Only valid for a key function that depends on its arguments alone,
 * as {@link KeyFunction} requires.
 */
final class MadeKeys {

	/**
	 * A power of two. Of 2,048 hot keys, about 3% share their pair with two others and
	 * keep evicting each other; with 4,096 slots it was a quarter, and a re-made key
	 * costs more than the memo saves. 64 KB of references per alias.
	 */
	private static final int SLOTS = 16384;

	private final Slot[] slots = new Slot[SLOTS];

	/** Which slot of each pair the next key replaces: the older one. */
	private final boolean[] older = new boolean[SLOTS / 2];

	/**
	 * Returns the stored key remembered for a key.
	 * @param key the key the caller gave
	 * @return the stored key, or {@code null} if it is not remembered
	 */
	@Nullable String get(String key) {
		int index = index(key);
		String made = madeIn(this.slots[index], key);
		return (made != null) ? made : madeIn(this.slots[index + 1], key);
	}

	private static @Nullable String madeIn(@Nullable Slot slot, String key) {
		return (slot != null && (slot.key == key || slot.key.equals(key))) ? slot.made : null;
	}

	/**
	 * Remembers the stored key made for a key, which has passed validation.
	 * @param key the key the caller gave
	 * @param made the stored key
	 */
	void put(String key, String made) {
		int index = index(key);
		int pair = index >>> 1;
		boolean second = this.older[pair];
		this.slots[second ? index + 1 : index] = new Slot(key, made);
		this.older[pair] = !second;
	}

	/**
	 * The first slot of the pair a key may sit in.
	 * @param key the key
	 * @return an even slot index
	 */
	static int index(String key) {
		int hash = key.hashCode();
		return (hash ^ (hash >>> 16)) & (SLOTS - 2);
	}

	private record Slot(String key, String made) {
	}

}
