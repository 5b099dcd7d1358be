package dev.cachette.cache;

/**
 * Thrown by {@link Cache#incr}, {@link Cache#decr}, {@link Cache#incrVersion} and
 * {@link Cache#decrVersion} when the key is missing: Django's
 * {@code ValueError("Key '...' not found")}.
 */
public class CacheKeyNotFoundException extends CacheException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception for a key.
	 * @param key the key as the caller gave it
	 */
	public CacheKeyNotFoundException(String key) {
		super("Key '" + key + "' not found");
	}

}
