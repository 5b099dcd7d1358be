package dev.cachette.autoconfigure;

import java.util.List;
import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.cachette.cache.backend.CacheBackend;
import dev.cachette.cache.backend.dummy.DummyCache;

/** Registers the {@code dummy} backend. */
@Configuration(proxyBeanMethods = false)
class DummyBackendConfiguration {

	@Bean
	CacheBackend dummyCacheBackend() {
		return CacheBackend.of("dummy",
				List.of("django.core.cache.backends.dummy.DummyCache", DummyCache.class.getName()), Set.of(),
				DummyCache::new);
	}

}
