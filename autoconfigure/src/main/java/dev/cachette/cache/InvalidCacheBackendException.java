package dev.cachette.cache;

/**
 * Thrown when an alias is unknown or its configuration is invalid: Django's
 * {@code InvalidCacheBackendError}. At startup the message names the alias, the setting,
 * the bad value and the valid values, e.g.
 * {@code caches.default.options.max-entries must not be negative (was -1)}.
 */
public class InvalidCacheBackendException extends CacheException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what is wrong, naming the alias
	 */
	public InvalidCacheBackendException(String message) {
		super(message);
	}

	/**
	 * Creates the exception with a cause.
	 * @param message what is wrong, naming the alias
	 * @param cause the underlying failure
	 */
	public InvalidCacheBackendException(String message, Throwable cause) {
		super(message, cause);
	}

}
