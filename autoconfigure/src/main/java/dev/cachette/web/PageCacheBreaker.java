package dev.cachette.web;

import java.time.Clock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.cachette.cache.Cache;
import dev.cachette.cache.backend.BaseCache;
import dev.cachette.cache.resilience.CircuitBreaker;
import dev.cachette.cache.settings.CacheSettings;

/**
 * How a page cache survives its cache failing: every failure is counted and the page
 * served uncached. An alias extending {@link BaseCache} answers a failure itself (a miss,
 * a dropped write) and its {@link CircuitBreaker} skips a dead server, logging once per
 * transition; for any other {@link Cache}, the page cache keeps a breaker of its own with
 * the default settings, so a dead server costs no time per request either way.
 */
final class PageCacheBreaker {

	private static final Log logger = LogFactory.getLog(PageCache.class);

	private final Cache cache;

	private final PageCacheStatistics statistics;

	/** The breaker of a cache that has none of its own; {@code null} for a BaseCache. */
	private final @Nullable CircuitBreaker circuit;

	PageCacheBreaker(Cache cache, PageCacheStatistics statistics, Clock clock) {
		this.cache = cache;
		this.statistics = statistics;
		this.circuit = (cache instanceof BaseCache) ? null
				: CircuitBreaker.of(CacheSettings.builder(cache.alias()).clock(clock).build());
	}

	/** Whether the page cache's own breaker skips the cache; the probe goes through. */
	boolean skipping() {
		CircuitBreaker circuit = this.circuit;
		return circuit != null && !circuit.allowsCall();
	}

	void succeeded() {
		CircuitBreaker circuit = this.circuit;
		if (circuit != null) {
			circuit.success();
		}
	}

	/**
	 * Counts a failure; the breaker (the alias's, or this page cache's own) logs it, once
	 * per transition and in a periodic summary.
	 */
	void failed(String operation, RuntimeException ex) {
		this.statistics.failure();
		CircuitBreaker circuit = this.circuit;
		if (circuit != null) {
			circuit.failure(ex);
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Page cache could not " + operation + " a page in cache '" + this.cache.alias()
					+ "'; serving uncached: " + ex);
		}
	}

}
