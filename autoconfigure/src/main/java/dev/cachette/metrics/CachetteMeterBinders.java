package dev.cachette.metrics;

import java.util.function.Supplier;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import dev.cachette.cache.Caches;
import dev.cachette.cache.backend.BaseCache;
import dev.cachette.web.PageCacheStatistics;

/**
 * The Micrometer binders of every layer, one factory per layer, for the
 * auto-configuration or an application that binds a registry of its own. The meters each
 * binder registers are listed in {@code docs/observability.md}; the binder classes
 * themselves are internal.
 */
public final class CachetteMeterBinders {

	private CachetteMeterBinders() {
	}

	/**
	 * The cache meters of every alias ({@code cache.gets}, {@code cache.puts}, ...), the
	 * names Micrometer's own cache binders use.
	 * @param caches the aliases
	 * @param tags extra tags, such as {@code cache.manager=cachette}
	 * @return the binder
	 * @see CachetteCacheMetrics
	 */
	public static MeterBinder caches(Caches caches, Iterable<Tag> tags) {
		return (registry) -> caches.all().forEach((cache) -> new CachetteCacheMetrics(cache, tags).bindTo(registry));
	}

	/**
	 * The stampede counters ({@code cache.stampede}) of every alias that has stampede
	 * protection: those extending {@link BaseCache}.
	 * @param caches the aliases
	 * @param tags extra tags, such as {@code cache.manager=cachette}
	 * @return the binder
	 */
	public static MeterBinder stampede(Caches caches, Iterable<Tag> tags) {
		return (registry) -> caches.all().forEach((cache) -> {
			if (cache instanceof BaseCache base) {
				new StampedeMetrics(base.alias(), base.stampedeStatistics(), tags).bindTo(registry);
			}
		});
	}

	/**
	 * The circuit-breaker meters ({@code cachette.circuit.*}) of every alias with a
	 * circuit breaker: each {@link BaseCache} that leaves the JVM.
	 * @param caches the aliases
	 * @param tags extra tags, such as {@code cache.manager=cachette}
	 * @return the binder
	 */
	public static MeterBinder circuitBreakers(Caches caches, Iterable<Tag> tags) {
		return (registry) -> caches.all().forEach((cache) -> {
			if (cache instanceof BaseCache base && base.circuitBreaker() != null) {
				new CircuitBreakerMetrics(base.circuitBreaker(), tags).bindTo(registry);
				base.serverCircuitBreakers()
					.forEach((server) -> new CircuitBreakerMetrics(server, tags).bindTo(registry));
			}
		});
	}

	/**
	 * The page cache's meters ({@code cachette.page.*}).
	 * @param statistics the page cache's statistics, asked for when the binder is bound;
	 * {@code null} then (no page cache) binds nothing
	 * @param tags extra tags
	 * @return the binder
	 */
	public static MeterBinder pages(Supplier<@Nullable PageCacheStatistics> statistics, Iterable<Tag> tags) {
		return (registry) -> {
			PageCacheStatistics available = statistics.get();
			if (available != null) {
				new PageCacheMetrics(available, tags).bindTo(registry);
			}
		};
	}

	/**
	 * The fragment cache's meters ({@code cachette.fragment.*}).
	 * @param statistics what the Thymeleaf dialect counts
	 * @param tags extra tags
	 * @return the binder
	 */
	public static MeterBinder fragments(FragmentCacheStatistics statistics, Iterable<Tag> tags) {
		return new FragmentCacheMetrics(statistics, tags);
	}

}
