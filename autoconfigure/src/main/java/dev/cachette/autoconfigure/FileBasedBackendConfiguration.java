package dev.cachette.autoconfigure;

import java.util.List;
import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.cachette.cache.backend.CacheBackend;
import dev.cachette.cache.backend.file.FileBasedCache;

/**
 * Registers the {@code filebased} backend; it needs only the JDK, so there is no class
 * condition.
 */
@Configuration(proxyBeanMethods = false)
class FileBasedBackendConfiguration {

	@Bean
	CacheBackend fileBasedCacheBackend() {
		return CacheBackend.of("filebased",
				List.of("django.core.cache.backends.filebased.FileBasedCache", FileBasedCache.class.getName()),
				Set.of("max-entries", "cull-frequency", "max-entry-size"), FileBasedCache::new);
	}

}
