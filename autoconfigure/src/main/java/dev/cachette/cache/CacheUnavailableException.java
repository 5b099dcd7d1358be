package dev.cachette.cache;

/**
 * Thrown when a cache server cannot be reached or does not answer in time, or when the
 * alias's {@code CircuitBreaker} is open, by operations whose result matters
 * ({@code incr}, {@code add}, a leased {@code lock}) or by every operation of an alias
 * with {@code strict: true}. The message names the alias and the server. The other
 * operations answer a miss instead (see {@link Cache}).
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
