package dev.cachette.autoconfigure;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.cachette.cache.backend.CacheBackend;
import dev.cachette.cache.backend.memcached.MemcachedCache;

/** Registers the {@code memcached} backend when Spotify's folsom is on the classpath. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "com.spotify.folsom.MemcacheClient")
class MemcachedBackendConfiguration {

	@Bean
	CacheBackend memcachedCacheBackend() {
		return CacheBackend.of("memcached",
				List.of("django.core.cache.backends.memcached.PyMemcacheCache",
						"django.core.cache.backends.memcached.PyLibMCCache",
						"django.core.cache.backends.memcached.MemcachedCache", MemcachedCache.class.getName()),
				MemcachedCache.OPTIONS, MemcachedCache::new);
	}

}
