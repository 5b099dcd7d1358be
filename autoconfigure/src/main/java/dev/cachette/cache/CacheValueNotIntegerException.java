package dev.cachette.cache;

/**
 * Thrown by {@link Cache#incr} and {@link Cache#decr} when the stored value is not an
 * integer ({@code null}, a string, a list, a decimal): a programming error, Django's
 * {@code TypeError}, on every backend. It is an {@link IllegalArgumentException}, not a
 * {@link CacheException}, so that a caller can tell it from a backend failure
 * ({@link CacheUnavailableException}); the stored value is left as it was.
 */
public class CacheValueNotIntegerException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception for a stored key.
	 * @param alias the alias
	 * @param key the stored key (as made by the key function)
	 */
	public CacheValueNotIntegerException(String alias, String key) {
		super("Cache '" + alias + "': cannot increment key '" + key + "', its value is not an integer");
	}

	/**
	 * Creates the exception for a stored key, with the server's own answer.
	 * @param alias the alias
	 * @param key the stored key
	 * @param cause the server's error ("ERR value is not an integer or out of range",
	 * "CLIENT_ERROR cannot increment or decrement non-numeric value")
	 */
	public CacheValueNotIntegerException(String alias, String key, Throwable cause) {
		super("Cache '" + alias + "': cannot increment key '" + key + "', its value is not an integer: "
				+ cause.getMessage(), cause);
	}

}
