package dev.cachette.thymeleaf;

import org.thymeleaf.spring6.SpringTemplateEngine;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.cachette.autoconfigure.CachetteAutoConfiguration;
import dev.cachette.cache.Caches;

/**
 * Registers the {@link CacheDialect} when Thymeleaf's Spring integration is present;
 * Spring Boot's Thymeleaf auto-configuration adds every dialect bean to its engine.
 */
@AutoConfiguration(after = CachetteAutoConfiguration.class)
@ConditionalOnClass(SpringTemplateEngine.class)
@ConditionalOnBean(Caches.class)
public final class CachetteThymeleafAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CacheDialect cachetteCacheDialect(Caches caches) {
		return new CacheDialect(caches);
	}

}
