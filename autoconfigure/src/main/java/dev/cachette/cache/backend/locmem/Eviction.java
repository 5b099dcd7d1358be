package dev.cachette.cache.backend.locmem;

import java.util.Locale;

import dev.cachette.cache.settings.CacheSettings;

/**
 * How a full local-memory store makes room: {@code options.eviction}.
 */
enum Eviction {

	/**
	 * Django's {@code LocMemCache}, exactly: strict least-recently-used order
	 * ({@code get}, {@code set}, {@code add} and {@code incr} refresh an entry,
	 * {@code hasKey} and {@code touch} do not); a write that finds the store at
	 * {@code max-entries} first deletes the {@code 1/cull-frequency} least recently used
	 * entries, or all of them with {@code cull-frequency: 0}.
	 */
	LRU("lru"),

	/**
	 * Caffeine's W-TinyLFU: one entry evicted per entry past {@code max-entries}, chosen
	 * by frequency and recency, for a higher hit ratio on skewed workloads;
	 * {@code cull-frequency} does not apply.
	 */
	W_TINYLFU("w-tinylfu");

	private final String option;

	Eviction(String option) {
		this.option = option;
	}

	/**
	 * Reads {@code options.eviction}.
	 * @param settings the alias settings
	 * @return the policy, {@link #LRU} when unset
	 * @throws dev.cachette.cache.InvalidCacheBackendException naming the alias, the value
	 * and the valid values
	 */
	static Eviction of(CacheSettings settings) {
		String value = settings.stringOption("eviction", LRU.option).trim().toLowerCase(Locale.ROOT).replace('_', '-');
		for (Eviction eviction : values()) {
			if (eviction.option.equals(value)) {
				return eviction;
			}
		}
		throw settings.invalidOption("eviction", settings.option("eviction"), "lru or w-tinylfu");
	}

	@Override
	public String toString() {
		return this.option;
	}

}
