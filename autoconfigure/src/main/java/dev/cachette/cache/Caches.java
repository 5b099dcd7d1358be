package dev.cachette.cache;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The configured aliases, Django's {@code django.core.cache.caches}: {@code get("local")}
 * returns the same {@link Cache} every time. Each alias is also a bean named after it,
 * and the {@code default} alias is the primary {@code Cache} bean.
 *
 * <p>
 * Alias names are matched with dashes and underscores taken as the same character and
 * case ignored, because Spring's configuration binding spells map keys loosely:
 * {@code get("template_fragments")} and {@code get("template-fragments")} are one alias.
 */
public final class Caches implements AutoCloseable {

	/** The alias Django and Cachette use when none is named. */
	public static final String DEFAULT_ALIAS = "default";

	private final Map<String, Cache> caches;

	private final Map<String, Cache> byNormalizedAlias;

	/**
	 * Creates the registry.
	 * @param caches the caches by alias, in configuration order
	 */
	public Caches(Map<String, ? extends Cache> caches) {
		this.caches = new LinkedHashMap<>(caches);
		this.byNormalizedAlias = new LinkedHashMap<>();
		caches.forEach((alias, cache) -> this.byNormalizedAlias.put(normalize(alias), cache));
	}

	/**
	 * Returns an alias's cache.
	 * @param alias the alias
	 * @return the cache, the same instance on every call
	 * @throws InvalidCacheBackendException if no such alias is configured
	 */
	public Cache get(String alias) {
		Cache cache = this.byNormalizedAlias.get(normalize(alias));
		if (cache == null) {
			throw new InvalidCacheBackendException(
					"The cache alias '" + alias + "' doesn't exist; configured aliases: " + this.caches.keySet());
		}
		return cache;
	}

	/**
	 * Tells whether an alias is configured.
	 * @param alias the alias
	 * @return whether {@link #get} would find it
	 */
	public boolean contains(String alias) {
		return this.byNormalizedAlias.containsKey(normalize(alias));
	}

	/**
	 * Returns the {@code default} alias's cache, Django's
	 * {@code django.core.cache.cache}.
	 * @return the default cache
	 * @throws InvalidCacheBackendException if there is no {@code default} alias
	 */
	public Cache defaultCache() {
		return get(DEFAULT_ALIAS);
	}

	/**
	 * The configured alias names, in configuration order.
	 * @return the aliases
	 */
	public Set<String> aliases() {
		return this.caches.keySet();
	}

	/**
	 * Every configured cache, Django's {@code caches.all()}.
	 * @return the caches, in configuration order
	 */
	public Collection<Cache> all() {
		return this.caches.values();
	}

	/** Closes every cache, Django's {@code close_caches}. */
	@Override
	public void close() {
		this.caches.values().forEach(Cache::close);
	}

	private static String normalize(String alias) {
		return alias.replace('_', '-').toLowerCase(Locale.ROOT);
	}

}
