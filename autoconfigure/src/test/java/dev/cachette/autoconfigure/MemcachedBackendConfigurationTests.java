package dev.cachette.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.cachette.cache.Caches;
import dev.cachette.cache.InvalidCacheBackendException;
import dev.cachette.cache.backend.memcached.MemcachedCache;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wiring of the {@code memcached} backend. Creating a cache starts connecting in the
 * background and never fails for a server that is down, so these scenarios need no server
 * (a closed loopback port and a short connect timeout keep them fast).
 */
class MemcachedBackendConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachetteAutoConfiguration.class))
		.withPropertyValues("caches.default.location=127.0.0.1:1", "caches.default.options.connect-timeout=50ms");

	@Test
	void memcachedAndDjangoPathsCreateMemcachedCache() {
		for (String backend : new String[] { "memcached", "django.core.cache.backends.memcached.PyMemcacheCache",
				"django.core.cache.backends.memcached.PyLibMCCache",
				"django.core.cache.backends.memcached.MemcachedCache", MemcachedCache.class.getName() }) {
			this.runner.withPropertyValues("caches.default.backend=" + backend)
				.run((context) -> assertThat(context.getBean(Caches.class).get("default"))
					.isInstanceOf(MemcachedCache.class));
		}
	}

	@Test
	void documentedOptionsAreAccepted() {
		this.runner
			.withPropertyValues("caches.default.backend=memcached", "caches.default.options.binary=true",
					"caches.default.options.username=user", "caches.default.options.password=secret",
					"caches.default.options.connections=2", "caches.default.options.operation-timeout=500ms",
					"caches.default.options.no-reply=true", "caches.default.options.max-value-size=2097152")
			.run((context) -> assertThat(context.getBean(Caches.class).get("default"))
				.isInstanceOf(MemcachedCache.class));
	}

	@Test
	void unknownOptionFailsNamingTheValidOnes() {
		this.runner.withPropertyValues("caches.default.backend=memcached", "caches.default.options.pool=3")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidCacheBackendException.class)
				.hasMessageContaining("unknown option 'pool'")
				.hasMessageContaining("operation-timeout"));
	}

	@Test
	void backsOffWithoutFolsom() {
		this.runner.withClassLoader(new FilteredClassLoader("com.spotify.folsom"))
			.withPropertyValues("caches.default.backend=memcached")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidCacheBackendException.class)
				.hasMessageContaining("needs com.spotify:folsom"));
	}

}
