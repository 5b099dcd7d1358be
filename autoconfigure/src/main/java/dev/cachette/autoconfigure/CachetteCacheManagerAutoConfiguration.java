package dev.cachette.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import dev.cachette.cache.Caches;
import dev.cachette.metrics.CachetteCacheMetrics;
import dev.cachette.springcache.CachetteCacheManager;
import dev.cachette.springcache.CachetteSpringCache;

/**
 * Exposes every alias to Spring's cache abstraction ({@code @Cacheable("default")})
 * unless the application defines its own {@link org.springframework.cache.CacheManager}
 * or asks Spring Boot for one with {@code spring.cache.type}; runs before Spring Boot's
 * cache auto-configuration, which then backs off.
 */
@AutoConfiguration(after = CachetteAutoConfiguration.class,
		beforeName = { "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration",
				"org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration" })
@ConditionalOnBean(Caches.class)
@ConditionalOnMissingBean(org.springframework.cache.CacheManager.class)
@ConditionalOnProperty(prefix = "cachette.cache-manager", name = "enabled", matchIfMissing = true)
@Conditional(CachetteCacheManagerAutoConfiguration.NoSpringCacheType.class)
@EnableConfigurationProperties(CachetteCacheManagerProperties.class)
public final class CachetteCacheManagerAutoConfiguration {

	/**
	 * Named so that Spring Boot's cache metrics tag its caches
	 * {@code cache.manager=cachette}, the tag Cachette's own meters carry: both bindings
	 * then name the same meters.
	 */
	@Bean
	CachetteCacheManager cachetteCacheManager(Caches caches, CachetteCacheManagerProperties properties) {
		return new CachetteCacheManager(caches, properties.isAllowNullValues());
	}

	/** Matches unless {@code spring.cache.type} chooses one of Spring Boot's managers. */
	static class NoSpringCacheType extends NoneNestedConditions {

		NoSpringCacheType() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty("spring.cache.type")
		static class SpringCacheTypeSet {

		}

	}

	/**
	 * Lets Spring Boot's cache metrics bind the adapted aliases, with Cachette's meters.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "io.micrometer.core.instrument.binder.MeterBinder",
			"org.springframework.boot.cache.metrics.CacheMeterBinderProvider" })
	static class CacheMeterBinderProviderConfiguration {

		@Bean
		org.springframework.boot.cache.metrics.CacheMeterBinderProvider<CachetteSpringCache> cachetteCacheMeterBinderProvider() {
			return (cache, tags) -> new CachetteCacheMetrics(cache.getNativeCache(), tags);
		}

	}

}
