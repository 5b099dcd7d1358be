package dev.cachette.cache;

/**
 * Thrown when a cache server cannot be reached or does not answer in time. The message
 * names the alias and the server. With the alias option {@code ignore-exceptions: true}
 * (django-redis's {@code IGNORE_EXCEPTIONS}) the cache logs it and behaves as a miss
 * instead: reads return the default, writes store nothing.
 */
public class CacheUnavailableException extends CacheException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message the alias, the server and what failed
	 * @param cause the client's exception
	 */
	public CacheUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
