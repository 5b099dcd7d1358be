package dev.cachette.autoconfigure;

import java.util.List;
import java.util.Set;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.cachette.cache.backend.CacheBackend;
import dev.cachette.cache.backend.locmem.LocMemCache;

/** Registers the {@code locmem} backend when Caffeine is on the classpath. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "com.github.benmanes.caffeine.cache.Caffeine")
class LocMemBackendConfiguration {

	@Bean
	CacheBackend locMemCacheBackend() {
		return CacheBackend.of("locmem",
				List.of("django.core.cache.backends.locmem.LocMemCache", LocMemCache.class.getName()),
				Set.of("max-entries", "cull-frequency", "eviction", "by-reference"), LocMemCache::new);
	}

}
