package dev.cachette.thymeleaf;

import org.thymeleaf.spring6.SpringTemplateEngine;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.cachette.autoconfigure.CachetteAutoConfiguration;
import dev.cachette.autoconfigure.CachetteMetricsAutoConfiguration;
import dev.cachette.cache.Caches;
import dev.cachette.metrics.FragmentCacheStatistics;

/**
 * Registers the {@link CacheDialect} when Thymeleaf's Spring integration is present;
 * Spring Boot's Thymeleaf auto-configuration adds every dialect bean to its engine. The
 * dialect records each cached element's hit or miss in Cachette's
 * {@link FragmentCacheStatistics}, which the metrics and the actuator endpoint show.
 */
@AutoConfiguration(after = { CachetteAutoConfiguration.class, CachetteMetricsAutoConfiguration.class })
@ConditionalOnClass(SpringTemplateEngine.class)
@ConditionalOnBean(Caches.class)
public final class CachetteThymeleafAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CacheDialect cachetteCacheDialect(Caches caches, ObjectProvider<FragmentCacheStatistics> statistics) {
		return new CacheDialect(caches, statistics.getIfAvailable());
	}

}
