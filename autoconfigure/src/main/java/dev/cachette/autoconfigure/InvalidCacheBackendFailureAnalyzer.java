package dev.cachette.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.cachette.cache.InvalidCacheBackendException;

/**
 * Explains a bad {@code caches:} setting at startup and says what to change.
 */
class InvalidCacheBackendFailureAnalyzer extends AbstractFailureAnalyzer<InvalidCacheBackendException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidCacheBackendException cause) {
		return new FailureAnalysis("A cache alias is misconfigured: " + cause.getMessage(),
				"Correct the named setting under 'caches:' in your application configuration. "
						+ "Each alias takes backend, location, timeout, key-prefix, version, key-function and options, "
						+ "as Django's CACHES does.",
				cause);
	}

}
