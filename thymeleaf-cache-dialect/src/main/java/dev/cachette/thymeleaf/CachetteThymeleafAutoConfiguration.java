package dev.cachette.thymeleaf;

import java.time.Clock;

import org.thymeleaf.spring6.SpringTemplateEngine;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.cachette.autoconfigure.CachetteAutoConfiguration;
import dev.cachette.autoconfigure.CachetteMetricsAutoConfiguration;
import dev.cachette.cache.Caches;
import dev.cachette.metrics.FragmentCacheStatistics;

/**
 * Registers the {@link CacheDialect} when Thymeleaf's Spring integration is present;
 * Spring Boot's Thymeleaf auto-configuration adds every dialect bean to its engine. The
 * dialect records each cached element's hit or miss in Cachette's
 * {@link FragmentCacheStatistics}, which the metrics and the actuator endpoint show. In a
 * Spring MVC application an interceptor releases the fragment locks of a template that
 * threw.
 */
@AutoConfiguration(after = { CachetteAutoConfiguration.class, CachetteMetricsAutoConfiguration.class })
@ConditionalOnClass(SpringTemplateEngine.class)
@ConditionalOnBean(Caches.class)
@EnableConfigurationProperties(CachetteThymeleafProperties.class)
public final class CachetteThymeleafAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CacheDialect cachetteCacheDialect(Caches caches, ObjectProvider<FragmentCacheStatistics> statistics,
			CachetteThymeleafProperties properties) {
		return new CacheDialect(caches, statistics.getIfAvailable(), Clock.systemUTC(), properties.getKeyFormat());
	}

	/**
	 * Releases, as each Spring MVC request completes, the fragment locks of a template
	 * that threw.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(WebMvcConfigurer.class)
	static class FragmentLockReleaseConfiguration {

		@Bean
		WebMvcConfigurer cachetteFragmentLockRelease(CacheDialect dialect) {
			FragmentLockRelease release = new FragmentLockRelease(dialect);
			return new WebMvcConfigurer() {

				@Override
				public void addInterceptors(InterceptorRegistry registry) {
					registry.addInterceptor(release);
				}

			};
		}

	}

}
