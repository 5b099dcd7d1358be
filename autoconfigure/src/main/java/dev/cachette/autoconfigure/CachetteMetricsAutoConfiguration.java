package dev.cachette.autoconfigure;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.cachette.cache.BaseCache;
import dev.cachette.cache.Caches;
import dev.cachette.metrics.CachetteCacheMetrics;
import dev.cachette.metrics.CircuitBreakerMetrics;
import dev.cachette.metrics.FragmentCacheMetrics;
import dev.cachette.metrics.FragmentCacheStatistics;
import dev.cachette.metrics.PageCacheMetrics;
import dev.cachette.metrics.StampedeMetrics;
import dev.cachette.web.PageCacheStatistics;

/**
 * Counts fragment-cache hits, and binds every alias and layer to Micrometer when it is
 * present (Spring Boot binds each {@link MeterBinder} bean to its registry).
 */
@AutoConfiguration(after = { CachetteAutoConfiguration.class, PageCacheAutoConfiguration.class })
@ConditionalOnBean(Caches.class)
public final class CachetteMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	FragmentCacheStatistics fragmentCacheStatistics() {
		return new FragmentCacheStatistics();
	}

	/** The meters, when Micrometer is on the classpath. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class MicrometerConfiguration {

		private static final Tags TAGS = Tags.of("cache.manager", CachetteCacheMetrics.CACHE_MANAGER);

		@Bean
		MeterBinder cachetteCacheMetrics(Caches caches) {
			return (registry) -> caches.all()
				.forEach((cache) -> new CachetteCacheMetrics(cache, TAGS).bindTo(registry));
		}

		/**
		 * Aliases extending {@link BaseCache}: the others have no stampede protection.
		 */
		@Bean
		MeterBinder cachetteStampedeMetrics(Caches caches) {
			return (registry) -> caches.all().forEach((cache) -> {
				if (cache instanceof BaseCache base) {
					new StampedeMetrics(base.alias(), base.stampedeStatistics(), TAGS).bindTo(registry);
				}
			});
		}

		/**
		 * Aliases with a circuit breaker (every BaseCache that is not local) and their
		 * servers' breakers.
		 */
		@Bean
		MeterBinder cachetteCircuitBreakerMetrics(Caches caches) {
			return (registry) -> caches.all().forEach((cache) -> {
				if (cache instanceof BaseCache base && base.circuitBreaker() != null) {
					new CircuitBreakerMetrics(base.circuitBreaker(), TAGS).bindTo(registry);
					base.serverCircuitBreakers()
						.forEach((server) -> new CircuitBreakerMetrics(server, TAGS).bindTo(registry));
				}
			});
		}

		@Bean
		MeterBinder cachettePageCacheMetrics(ObjectProvider<PageCacheStatistics> statistics) {
			return (registry) -> statistics
				.ifAvailable((available) -> new PageCacheMetrics(available, Tags.empty()).bindTo(registry));
		}

		@Bean
		MeterBinder cachetteFragmentCacheMetrics(FragmentCacheStatistics statistics) {
			return new FragmentCacheMetrics(statistics, Tags.empty());
		}

	}

}
