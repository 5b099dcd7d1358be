package dev.cachette.invalidation;

import dev.cachette.cache.Caches;

/**
 * Hands out {@link CacheNamespace}s: {@code namespaces.get("product").key("42")}. The
 * namespaces hold no state of their own (the version lives in the cache), so any number
 * of instances of the application agree on them.
 */
public final class CacheNamespaces {

	private final Caches caches;

	/**
	 * Creates the registry.
	 * @param caches the aliases
	 */
	public CacheNamespaces(Caches caches) {
		this.caches = caches;
	}

	/**
	 * A namespace whose counter lives in the {@code default} alias.
	 * @param name the namespace
	 * @return the namespace
	 */
	public CacheNamespace get(String name) {
		return get(name, Caches.DEFAULT_ALIAS);
	}

	/**
	 * A namespace whose counter lives in an alias.
	 * @param name the namespace
	 * @param alias the alias
	 * @return the namespace
	 */
	public CacheNamespace get(String name, String alias) {
		return new CacheNamespace(this.caches.get(alias), name);
	}

}
