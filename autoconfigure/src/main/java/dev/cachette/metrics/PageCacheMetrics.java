package dev.cachette.metrics;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.cachette.web.PageCacheStatistics;

/**
 * Binds the page cache's {@link PageCacheStatistics}: {@code cachette.page.requests}
 * ({@code result=hit|miss}, the cacheable GET and HEAD requests), the gauge
 * {@code cachette.page.hit.ratio}, {@code cachette.page.not.cacheable}
 * ({@code reason=status|private|no-cache|no-store|vary-star|set-cookie|max-age=0|streaming},
 * responses the page cache refused to store), {@code cachette.page.failures} (cache
 * failures survived by serving uncached), {@code cachette.page.coalesced.waits} (requests
 * that waited for another's rendering of the same URL) and
 * {@code cachette.page.stale.served} ({@code reason=revalidate|error}: expired pages
 * served within their stale-while-revalidate or stale-if-error window).
 */
final class PageCacheMetrics implements MeterBinder {

	/** Every reason {@code PageCache} gives for not storing a response. */
	static final List<String> REASONS = List.of("status", "private", "no-cache", "no-store", "vary-star", "set-cookie",
			"max-age=0", "streaming");

	private final PageCacheStatistics statistics;

	private final Iterable<Tag> tags;

	/**
	 * Creates the binder.
	 * @param statistics the page cache's counts
	 * @param tags extra tags
	 */
	PageCacheMetrics(PageCacheStatistics statistics, Iterable<Tag> tags) {
		this.statistics = statistics;
		this.tags = tags;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		FunctionCounter.builder("cachette.page.requests", this.statistics, PageCacheStatistics::hits)
			.tags(this.tags)
			.tag("result", "hit")
			.description("Cacheable page requests, by whether the page cache answered them")
			.register(registry);
		FunctionCounter.builder("cachette.page.requests", this.statistics, PageCacheStatistics::misses)
			.tags(this.tags)
			.tag("result", "miss")
			.description("Cacheable page requests, by whether the page cache answered them")
			.register(registry);
		Gauge.builder("cachette.page.hit.ratio", this.statistics, PageCacheMetrics::hitRatio)
			.tags(this.tags)
			.description("Page cache hits / (hits + misses); NaN before any request")
			.register(registry);
		FunctionCounter.builder("cachette.page.failures", this.statistics, PageCacheStatistics::failures)
			.tags(this.tags)
			.description("Page cache failures survived by serving the page uncached")
			.register(registry);
		FunctionCounter.builder("cachette.page.coalesced.waits", this.statistics, PageCacheStatistics::coalescedWaits)
			.tags(this.tags)
			.description("Page requests that waited for a concurrent rendering of the same URL")
			.register(registry);
		FunctionCounter.builder("cachette.page.stale.served", this.statistics, PageCacheStatistics::staleServed)
			.tags(this.tags)
			.tag("reason", "revalidate")
			.description("Expired pages served within their stale window")
			.register(registry);
		FunctionCounter.builder("cachette.page.stale.served", this.statistics, PageCacheStatistics::staleIfErrorServed)
			.tags(this.tags)
			.tag("reason", "error")
			.description("Expired pages served within their stale window")
			.register(registry);
		Set<String> reasons = new LinkedHashSet<>(REASONS);
		reasons.addAll(this.statistics.notCacheable().keySet());
		for (String reason : reasons) {
			FunctionCounter
				.builder("cachette.page.not.cacheable", this.statistics,
						(statistics) -> statistics.notCacheable().getOrDefault(reason, 0L))
				.tags(this.tags)
				.tag("reason", reason)
				.description("Responses the page cache did not store, by reason")
				.register(registry);
		}
	}

	private static double hitRatio(PageCacheStatistics statistics) {
		long hits = statistics.hits();
		long total = hits + statistics.misses();
		return (total == 0) ? Double.NaN : (double) hits / total;
	}

}
