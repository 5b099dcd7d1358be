package dev.cachette.cache;

/**
 * Thrown when a value cannot be turned into bytes or back: a class the serializer does
 * not support, or one outside the alias's allow-list. The message names the class and the
 * setting that allows it.
 */
public class SerializationException extends CacheException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what failed
	 */
	public SerializationException(String message) {
		super(message);
	}

	/**
	 * Creates the exception with a cause.
	 * @param message what failed
	 * @param cause the underlying failure
	 */
	public SerializationException(String message, Throwable cause) {
		super(message, cause);
	}

}
