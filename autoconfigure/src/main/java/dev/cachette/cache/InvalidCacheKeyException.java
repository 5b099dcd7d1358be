package dev.cachette.cache;

/**
 * Thrown when a backend cannot store a key at all (memcached: over 250 bytes, whitespace
 * or control characters), before any round trip. Django's {@code InvalidCacheKey}.
 */
public class InvalidCacheKeyException extends CacheException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message the key and why it is refused
	 */
	public InvalidCacheKeyException(String message) {
		super(message);
	}

}
