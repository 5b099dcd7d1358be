package dev.cachette.cache.backend;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.cachette.cache.CacheUnavailableException;
import dev.cachette.cache.resilience.CircuitBreaker;

/**
 * An alias's {@link CircuitBreaker} (none for a local backend, which never fails) and the
 * three failures a backend reports for a server it cannot reach, which differ only in
 * what {@link GuardedStore#call} does to the breaker: an {@link #unavailable} one counts
 * toward its failure threshold, a {@link #serverDown} one opens it at once, and a
 * {@link #serverUnavailable} one, already counted by that server's own breaker, is not
 * counted. One per alias, shared by its version views.
 */
final class AliasCircuit {

	private final String alias;

	private final @Nullable CircuitBreaker breaker;

	AliasCircuit(String alias, @Nullable CircuitBreaker breaker) {
		this.alias = alias;
		this.breaker = breaker;
	}

	@Nullable CircuitBreaker breaker() {
		return this.breaker;
	}

	/** Whether the breaker is open or probing: the store is out of reach. */
	boolean open() {
		CircuitBreaker breaker = this.breaker;
		return breaker != null && breaker.state() != CircuitBreaker.State.CLOSED;
	}

	/** Probes run off the request path, and only after failures. */
	void probeWith(Runnable ping) {
		if (this.breaker != null) {
			this.breaker.probeWith(ping);
		}
	}

	void followServers(List<CircuitBreaker> servers) {
		if (this.breaker != null) {
			this.breaker.followServers(servers);
		}
	}

	CacheUnavailableException unavailable(String server, String operation, Throwable cause) {
		return new CacheUnavailableException(message(server, operation, cause), cause);
	}

	CacheUnavailableException serverDown(String server, String operation, Throwable cause) {
		return new ServerDownException(message(server, operation, cause), cause);
	}

	CacheUnavailableException serverUnavailable(String server, String operation, Throwable cause) {
		return new ServerUnavailableException(message(server, operation, cause), cause);
	}

	private String message(String server, String operation, Throwable cause) {
		return "Cache '" + this.alias + "' could not " + operation + " on " + server + ": " + CauseMessages.of(cause);
	}

}
