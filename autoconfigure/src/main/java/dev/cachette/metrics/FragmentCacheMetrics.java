package dev.cachette.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds {@link FragmentCacheStatistics}: {@code cachette.fragment.requests}
 * ({@code fragment=<name>}, {@code result=hit|miss}), registered as each fragment name
 * first appears, the gauge {@code cachette.fragment.hit.ratio} over all fragments, and
 * {@code cachette.fragment.coalesced.waits} and {@code cachette.fragment.stale.served}
 * over all fragments.
 */
final class FragmentCacheMetrics implements MeterBinder {

	private final FragmentCacheStatistics statistics;

	private final Iterable<Tag> tags;

	/**
	 * Creates the binder.
	 * @param statistics the counts
	 * @param tags extra tags
	 */
	FragmentCacheMetrics(FragmentCacheStatistics statistics, Iterable<Tag> tags) {
		this.statistics = statistics;
		this.tags = tags;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("cachette.fragment.hit.ratio", this.statistics, FragmentCacheStatistics::hitRatio)
			.tags(this.tags)
			.description("Fragment cache hits / (hits + misses); NaN before any lookup")
			.register(registry);
		FunctionCounter
			.builder("cachette.fragment.coalesced.waits", this.statistics, FragmentCacheStatistics::coalescedWaits)
			.tags(this.tags)
			.description("Fragment lookups that waited for a concurrent rendering of the same key")
			.register(registry);
		FunctionCounter.builder("cachette.fragment.stale.served", this.statistics, FragmentCacheStatistics::staleServed)
			.tags(this.tags)
			.description("Expired fragments served within their stale-while-revalidate window")
			.register(registry);
		this.statistics.onFragment((fragment) -> {
			Tags tags = Tags.of(this.tags).and("fragment", fragment);
			FunctionCounter.builder("cachette.fragment.requests", this.statistics, (s) -> s.hits(fragment))
				.tags(tags.and("result", "hit"))
				.description("Cached template fragments rendered, by whether the cache had them")
				.register(registry);
			FunctionCounter.builder("cachette.fragment.requests", this.statistics, (s) -> s.misses(fragment))
				.tags(tags.and("result", "miss"))
				.description("Cached template fragments rendered, by whether the cache had them")
				.register(registry);
		});
	}

}
