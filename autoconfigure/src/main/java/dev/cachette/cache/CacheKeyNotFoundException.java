package dev.cachette.cache;

/**
 * Thrown by {@link Cache#incr}, {@link Cache#decr}, {@link Cache#incrVersion} and
 * {@link Cache#decrVersion} when the key is missing: Django's {@code ValueError}, with
 * its text ({@code Key ':1:missing' not found}; which key it names depends on the
 * backend, see {@link Cache#incr(String, long)}).
 */
public class CacheKeyNotFoundException extends CacheException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message Django's text, such as {@code Key ':1:missing' not found}
	 */
	public CacheKeyNotFoundException(String message) {
		super(message);
	}

}
