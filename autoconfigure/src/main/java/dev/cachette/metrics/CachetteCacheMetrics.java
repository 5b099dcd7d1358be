package dev.cachette.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;
import org.jspecify.annotations.Nullable;

import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheStatistics;

/**
 * Binds one alias's {@link CacheStatistics} to Micrometer under the names Micrometer's
 * own cache binders use, so dashboards made for Caffeine or JCache work unchanged:
 * {@code cache.gets} ({@code result=hit|miss}), {@code cache.puts},
 * {@code cache.evictions} and {@code cache.size} where the backend can tell, plus
 * {@code cache.removals}, the gauge {@code cachette.cache.hit.ratio}, and, for backends
 * that leave the JVM, the timer {@code cachette.cache.latency} ({@code operation},
 * {@code outcome=success|failure}). Every meter carries {@code cache=<alias>} and the
 * given tags ({@code cache.manager=cachette} in the auto-configuration). Follows
 * Micrometer's {@code CaffeineCacheMetrics}.
 *
 * <p>
 * The counters read the statistics when scraped; the only per-operation cost is the
 * statistics' own {@code LongAdder} increment, and for timed backends the timer's
 * {@code record}.
 */
public class CachetteCacheMetrics extends CacheMeterBinder<Cache> {

	/** The {@code cache.manager} tag value of Cachette's meters. */
	public static final String CACHE_MANAGER = "cachette";

	private final CacheStatistics statistics;

	/**
	 * Creates the binder.
	 * @param cache the alias
	 * @param tags extra tags, such as {@code cache.manager=cachette}
	 */
	public CachetteCacheMetrics(Cache cache, Iterable<Tag> tags) {
		super(cache, cache.alias(), tags);
		this.statistics = cache.statistics();
	}

	/**
	 * Binds an alias to a registry, as {@code CaffeineCacheMetrics.monitor} does.
	 * @param registry the registry
	 * @param cache the alias
	 * @param tags extra tags, as key-value pairs
	 * @return the cache
	 */
	public static Cache monitor(MeterRegistry registry, Cache cache, String... tags) {
		new CachetteCacheMetrics(cache, Tags.of(tags)).bindTo(registry);
		return cache;
	}

	@Override
	protected @Nullable Long size() {
		return this.statistics.size();
	}

	@Override
	protected long hitCount() {
		return this.statistics.hits();
	}

	@Override
	protected Long missCount() {
		return this.statistics.misses();
	}

	@Override
	protected @Nullable Long evictionCount() {
		return this.statistics.evictions();
	}

	@Override
	protected long putCount() {
		return this.statistics.puts();
	}

	@Override
	protected void bindImplementationSpecificMetrics(MeterRegistry registry) {
		Iterable<Tag> tags = getTagsWithCacheName();
		FunctionCounter.builder("cache.removals", this.statistics, CacheStatistics::removals)
			.tags(tags)
			.description("Entries removed from the cache by the application")
			.register(registry);
		FunctionCounter
			.builder("cachette.cache.unreadable.entries", this.statistics, CacheStatistics::unreadableEntries)
			.tags(tags)
			.description("Entries that could not be read (corrupt, another serializer's, a class the allow-list "
					+ "refuses) and were deleted by the read that met them")
			.register(registry);
		Gauge.builder("cachette.cache.hit.ratio", this.statistics, CacheStatistics::hitRatio)
			.tags(tags)
			.description("Hits / (hits + misses) since the alias was created; NaN before any lookup")
			.register(registry);
		if (this.statistics.isTimed()) {
			this.statistics.setLatencyRecorder(new LatencyTimers(registry, tags));
		}
	}

	/**
	 * One timer per operation and outcome, made once, so recording is a lookup in two
	 * small arrays.
	 */
	static final class LatencyTimers implements CacheStatistics.LatencyRecorder {

		private final Map<CacheStatistics.Operation, Timer> successes = new EnumMap<>(CacheStatistics.Operation.class);

		private final Map<CacheStatistics.Operation, Timer> failures = new EnumMap<>(CacheStatistics.Operation.class);

		LatencyTimers(MeterRegistry registry, Iterable<Tag> tags) {
			for (CacheStatistics.Operation operation : CacheStatistics.Operation.values()) {
				this.successes.put(operation, timer(registry, tags, operation, "success"));
				this.failures.put(operation, timer(registry, tags, operation, "failure"));
			}
		}

		private static Timer timer(MeterRegistry registry, Iterable<Tag> tags, CacheStatistics.Operation operation,
				String outcome) {
			return Timer.builder("cachette.cache.latency")
				.tags(tags)
				.tag("operation", operation.tagValue())
				.tag("outcome", outcome)
				.description("Duration of the backend's server calls")
				.register(registry);
		}

		@Override
		public void record(CacheStatistics.Operation operation, long nanos, boolean failed) {
			(failed ? this.failures : this.successes).get(operation).record(nanos, TimeUnit.NANOSECONDS);
		}

	}

}
