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

import dev.cachette.cache.Caches;
import dev.cachette.metrics.CachetteCacheMetrics;
import dev.cachette.metrics.CachetteMeterBinders;
import dev.cachette.metrics.FragmentCacheStatistics;
import dev.cachette.web.PageCacheStatistics;

/**
 * Counts fragment-cache hits, and binds every alias and layer to Micrometer when it is
 * present (Spring Boot binds each {@link MeterBinder} bean to its registry).
 */
@AutoConfiguration(after = { CachetteAutoConfiguration.class, CachetteWebAutoConfiguration.class })
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
			return CachetteMeterBinders.caches(caches, TAGS);
		}

		@Bean
		MeterBinder cachetteStampedeMetrics(Caches caches) {
			return CachetteMeterBinders.stampede(caches, TAGS);
		}

		@Bean
		MeterBinder cachetteCircuitBreakerMetrics(Caches caches) {
			return CachetteMeterBinders.circuitBreakers(caches, TAGS);
		}

		@Bean
		MeterBinder cachettePageCacheMetrics(ObjectProvider<PageCacheStatistics> statistics) {
			return CachetteMeterBinders.pages(statistics::getIfAvailable, Tags.empty());
		}

		@Bean
		MeterBinder cachetteFragmentCacheMetrics(FragmentCacheStatistics statistics) {
			return CachetteMeterBinders.fragments(statistics, Tags.empty());
		}

	}

}
