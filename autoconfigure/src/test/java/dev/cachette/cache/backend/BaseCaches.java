package dev.cachette.cache.backend;

import dev.cachette.cache.revalidation.RevalidationStore;

/**
 * The package-private parts of {@link BaseCache} that the stampede tests in
 * {@code dev.cachette.cache.revalidation} inspect.
 */
public final class BaseCaches {

	private BaseCaches() {
	}

	/**
	 * The stampede protection of a cache's alias.
	 * @param cache the cache
	 * @return its {@link RevalidationStore}, whose stampede protection the alias's
	 * versioned views share
	 */
	public static RevalidationStore revalidationStore(BaseCache cache) {
		return cache.revalidationStore();
	}

}
