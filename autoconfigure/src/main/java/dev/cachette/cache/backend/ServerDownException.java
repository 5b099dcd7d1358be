package dev.cachette.cache.backend;

import dev.cachette.cache.CacheUnavailableException;
import dev.cachette.cache.resilience.CircuitBreaker;

/**
 * A {@link CacheUnavailableException} whose cause shows the server down rather than slow:
 * the connection was refused, or broken under the call. The alias's
 * {@link CircuitBreaker} opens at once ({@link CircuitBreaker#trip}) instead of waiting
 * for its failure threshold, since every call until the server is back would fail alike,
 * each costing its deadline when the server does not answer at all.
 */
final class ServerDownException extends CacheUnavailableException {

	private static final long serialVersionUID = 1L;

	ServerDownException(String message, Throwable cause) {
		super(message, cause);
	}

}
