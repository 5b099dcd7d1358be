package dev.cachette.cache.backend;

import dev.cachette.cache.CacheUnavailableException;
import dev.cachette.cache.resilience.CircuitBreaker;

/**
 * A {@link CacheUnavailableException} from one server of a multi-server alias whose own
 * {@link CircuitBreaker} counted it (or skipped the call): {@link BaseCache} answers it
 * by the alias's fail-open rule, without counting it against the alias's breaker.
 */
final class ServerUnavailableException extends CacheUnavailableException {

	private static final long serialVersionUID = 1L;

	ServerUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
