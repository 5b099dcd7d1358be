package dev.cachette.springcache;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.cachette.cache.Caches;

/**
 * Spring's {@link org.springframework.cache.CacheManager} over Cachette's aliases: every
 * configured alias is a Spring cache of the same name, so {@code @Cacheable("default")}
 * reads and writes the {@code default} alias on whatever backend it has. Caches are not
 * created on demand: a name that is not an alias is unknown ({@code null}), and Spring
 * fails the call naming it.
 */
public class CachetteCacheManager implements org.springframework.cache.CacheManager {

	private final Caches caches;

	private final boolean allowNullValues;

	private final Map<String, CachetteSpringCache> adapters = new ConcurrentHashMap<>();

	/**
	 * Creates the manager.
	 * @param caches the aliases
	 * @param allowNullValues whether {@code null} results are cached (Spring's default)
	 * or refused with {@link IllegalArgumentException}
	 */
	public CachetteCacheManager(Caches caches, boolean allowNullValues) {
		this.caches = caches;
		this.allowNullValues = allowNullValues;
	}

	@Override
	public org.springframework.cache.@Nullable Cache getCache(String name) {
		if (!this.caches.contains(name)) {
			return null;
		}
		dev.cachette.cache.Cache cache = this.caches.get(name);
		return this.adapters.computeIfAbsent(cache.alias(),
				(alias) -> new CachetteSpringCache(cache, this.allowNullValues));
	}

	@Override
	public Collection<String> getCacheNames() {
		return this.caches.aliases();
	}

}
