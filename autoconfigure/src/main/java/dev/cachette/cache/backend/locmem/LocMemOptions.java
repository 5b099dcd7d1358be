package dev.cachette.cache.backend.locmem;

import dev.cachette.cache.backend.CullingOptions;
import dev.cachette.cache.settings.CacheSettings;

/**
 * A local-memory alias's options, read and checked once.
 *
 * @param culling {@code max-entries} and {@code cull-frequency}
 * @param eviction {@code eviction}
 * @param byReference {@code by-reference}
 */
record LocMemOptions(CullingOptions culling, Eviction eviction, boolean byReference) {

	/**
	 * Reads the options.
	 * @param settings the alias settings
	 * @return the options
	 * @throws dev.cachette.cache.InvalidCacheBackendException naming the alias and the
	 * option when one is invalid
	 */
	static LocMemOptions of(CacheSettings settings) {
		return new LocMemOptions(CullingOptions.of(settings), Eviction.of(settings),
				settings.booleanOption("by-reference", false));
	}

}
