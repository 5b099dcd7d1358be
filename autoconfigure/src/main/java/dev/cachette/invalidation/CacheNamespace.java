package dev.cachette.invalidation;

import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheKeyNotFoundException;
import dev.cachette.cache.CacheUnavailableException;

/**
 * A class of keys that is invalidated all at once by bumping its version, the seeds'
 * "powerful trick": {@link #key(String) key("42")} is {@code product:v<N>:42}, and
 * {@link #bump()} moves every later lookup to {@code v<N+1>}, so the old entries are
 * never read again and expire on their own, without anything enumerating them. Obtained
 * from {@link CacheNamespaces}.
 *
 * <p>
 * {@code N} is a counter stored in the cache itself under
 * {@code cachette.namespace.<name>}, created with {@code add} on first use and bumped
 * with {@code incr}, so instances sharing a Redis, memcached or database cache agree on
 * it and a bump on one is seen by all. A new counter starts at the current time in
 * milliseconds rather than at 1: a counter that was evicted (or lost with a restarted
 * server) then never comes back to a version whose stale entries might still be stored.
 */
public final class CacheNamespace {

	private final Cache cache;

	private final String name;

	private final String counterKey;

	/**
	 * Creates the namespace; nothing is stored until the first lookup.
	 * @param cache the cache holding the counter (usually the one holding the keys)
	 * @param name the namespace, such as {@code product}
	 */
	CacheNamespace(Cache cache, String name) {
		this.cache = cache;
		this.name = name;
		this.counterKey = "cachette.namespace." + name;
	}

	/**
	 * The namespace's name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * The cache holding the counter.
	 * @return the cache
	 */
	public Cache cache() {
		return this.cache;
	}

	/**
	 * The current version, creating the counter if it is missing.
	 * @return the version
	 */
	public long version() {
		Number version = this.cache.get(this.counterKey);
		if (version != null) {
			return version.longValue();
		}
		long fresh = System.currentTimeMillis();
		try {
			if (this.cache.add(this.counterKey, fresh, Cache.FOREVER)) {
				return fresh;
			}
		}
		catch (CacheUnavailableException ex) {
			// The store is down (add is strict): a version nothing was stored under is
			// an honest miss for every key of the namespace.
			return fresh;
		}
		// Another instance created it first; a cache that keeps nothing (dummy) has none.
		version = this.cache.get(this.counterKey);
		return (version != null) ? version.longValue() : fresh;
	}

	/**
	 * The key for a name in the current version: {@code <namespace>:v<N>:<key>}.
	 * @param key the key within the namespace
	 * @return the versioned key
	 */
	public String key(String key) {
		return this.name + ":v" + version() + ":" + key;
	}

	/**
	 * Invalidates every key of the namespace by moving to the next version, atomically on
	 * shared backends.
	 * @return the new version
	 */
	public long bump() {
		try {
			return this.cache.incr(this.counterKey);
		}
		catch (CacheKeyNotFoundException ex) {
			// No counter yet: creating one starts a version no entry was stored under.
			return version();
		}
	}

	@Override
	public String toString() {
		return "CacheNamespace[" + this.name + " in '" + this.cache.alias() + "']";
	}

}
