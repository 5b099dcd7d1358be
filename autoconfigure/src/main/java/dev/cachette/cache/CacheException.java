package dev.cachette.cache;

/**
 * The unchecked exception every cache failure is reported as: a server that cannot be
 * reached, a value that is not what an operation needs. Subclasses name the common cases.
 */
public class CacheException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception with a message.
	 * @param message what failed, naming the alias
	 */
	public CacheException(String message) {
		super(message);
	}

	/**
	 * Creates an exception with a message and a cause.
	 * @param message what failed, naming the alias
	 * @param cause the underlying failure
	 */
	public CacheException(String message, Throwable cause) {
		super(message, cause);
	}

}
