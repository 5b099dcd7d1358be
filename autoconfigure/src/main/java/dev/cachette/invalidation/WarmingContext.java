package dev.cachette.invalidation;

import dev.cachette.cache.Cache;
import dev.cachette.cache.Caches;

/**
 * What a {@link CacheWarmer} is given: the application's cache aliases.
 */
public final class WarmingContext {

	private final Caches caches;

	/**
	 * Creates the context.
	 * @param caches the aliases
	 */
	public WarmingContext(Caches caches) {
		this.caches = caches;
	}

	/**
	 * Every alias.
	 * @return the aliases
	 */
	public Caches caches() {
		return this.caches;
	}

	/**
	 * The {@code default} alias.
	 * @return the cache
	 */
	public Cache cache() {
		return this.caches.defaultCache();
	}

	/**
	 * One alias.
	 * @param alias the alias
	 * @return the cache
	 */
	public Cache cache(String alias) {
		return this.caches.get(alias);
	}

}
