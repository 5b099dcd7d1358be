package dev.cachette.autoconfigure;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.actuate.endpoint.CachesEndpoint;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.CachesEndpointAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.cachette.cache.Cache;
import dev.cachette.cache.Caches;
import dev.cachette.springcache.CachetteCacheManager;
import dev.cachette.springcache.CachetteSpringCache;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wiring of {@link CachetteCacheManagerAutoConfiguration}: {@code @Cacheable} on the
 * aliases, and the application's own {@code CacheManager} winning.
 */
class CachetteCacheManagerAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachetteAutoConfiguration.class,
				CachetteCacheManagerAutoConfiguration.class, CacheAutoConfiguration.class))
		.withPropertyValues("caches.default.location=spring-cache-tests", "caches.other.location=spring-cache-other");

	@Test
	void everyAliasIsASpringCache() {
		this.runner.run((context) -> {
			CacheManager manager = context.getBean(CacheManager.class);
			assertThat(manager).isInstanceOf(CachetteCacheManager.class);
			assertThat(manager.getCacheNames()).containsExactly("default", "other");
			assertThat(manager.getCache("default").getNativeCache())
				.isSameAs(context.getBean(Caches.class).get("default"));
			assertThat(manager.getCache("default")).isSameAs(manager.getCache("default"));
			assertThat(manager.getCache("unknown")).isNull();
		});
	}

	@Test
	void cacheableRoundTripThroughLocMem() {
		this.runner.withUserConfiguration(CachingConfiguration.class).run((context) -> {
			Books books = context.getBean(Books.class);
			Cache cache = context.getBean(Caches.class).get("default");
			cache.clear();
			assertThat(books.title(1)).isEqualTo("title 1");
			assertThat(books.title(1)).isEqualTo("title 1");
			assertThat(books.calls()).isEqualTo(1);
			assertThat(cache.statistics().hits()).isEqualTo(1);
			assertThat(cache.statistics().misses()).isEqualTo(1);
			assertThat(cache.<String>get("1")).isEqualTo("title 1");
			books.evict(1);
			assertThat(cache.hasKey("1")).isFalse();
			books.title(1);
			assertThat(books.calls()).isEqualTo(2);
			assertThat(books.nothing(7)).isNull();
			assertThat(books.nothing(7)).isNull();
			assertThat(books.calls()).isEqualTo(3);
		});
	}

	@Test
	void cacheableSyncComputesOncePerKey() {
		this.runner.withUserConfiguration(CachingConfiguration.class).run((context) -> {
			Books books = context.getBean(Books.class);
			context.getBean(Caches.class).get("other").clear();
			int threads = 8;
			ExecutorService executor = Executors.newFixedThreadPool(threads);
			try {
				CountDownLatch start = new CountDownLatch(1);
				List<Future<String>> results = new java.util.ArrayList<>();
				for (int i = 0; i < threads; i++) {
					results.add(executor.submit(() -> {
						start.await();
						return books.slow(5);
					}));
				}
				start.countDown();
				for (Future<String> result : results) {
					assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("slow 5");
				}
			}
			finally {
				executor.shutdownNow();
			}
			assertThat(books.slowCalls()).isEqualTo(1);
		});
	}

	@Test
	void userDefinedCacheManagerWins() {
		this.runner.withUserConfiguration(UserCacheManagerConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(CacheManager.class);
			assertThat(context.getBean(CacheManager.class)).isInstanceOf(ConcurrentMapCacheManager.class);
			assertThat(context).doesNotHaveBean(CachetteCacheManager.class);
		});
	}

	@Test
	void nothingWithoutCaches() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CachetteCacheManagerAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(CacheManager.class));
	}

	@Test
	void cacheManagerCanBeTurnedOff() {
		this.runner.withPropertyValues("cachette.cache-manager.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CachetteCacheManager.class));
	}

	@Test
	void springCacheTypeChoosesBootsCacheManager() {
		this.runner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("spring.cache.type=simple")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(CachetteCacheManager.class);
				assertThat(context.getBean(CacheManager.class)).isInstanceOf(ConcurrentMapCacheManager.class);
			});
	}

	@Test
	void bootsCacheAutoConfigurationBacksOff() {
		this.runner.withUserConfiguration(CachingConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(CacheManager.class);
			assertThat(context).hasBean("cachetteCacheManager");
		});
	}

	@Test
	void nullsAreRefusedWhenNotAllowed() {
		this.runner.withPropertyValues("cachette.cache-manager.allow-null-values=false").run((context) -> {
			org.springframework.cache.Cache cache = context.getBean(CacheManager.class).getCache("default");
			assertThat(((CachetteSpringCache) cache).isAllowNullValues()).isFalse();
		});
	}

	@Test
	void bootsCacheMetricsAndCachesEndpointSeeTheAliases() {
		this.runner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
					CacheMetricsAutoConfiguration.class, CachesEndpointAutoConfiguration.class,
					org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration.class))
			.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("management.endpoints.web.exposure.include=caches")
			.run((context) -> {
				assertThat(context.getBean(CachesEndpoint.class).caches().getCacheManagers())
					.containsKey("cachetteCacheManager");
				assertThat(context.getBean(CachesEndpoint.class)
					.caches()
					.getCacheManagers()
					.get("cachetteCacheManager")
					.getCaches()).containsOnlyKeys("default", "other");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				context.getBean(Books.class).title(3);
				assertThat(registry.get("cache.gets")
					.tags("cache", "default", "cache.manager", "cachette", "result", "miss")
					.functionCounter()
					.count()).isPositive();
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

		@Bean
		Books books() {
			return new Books();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class UserCacheManagerConfiguration {

		@Bean
		CacheManager userCacheManager() {
			return new ConcurrentMapCacheManager("default");
		}

	}

	static class Books {

		final AtomicInteger calls = new AtomicInteger();

		final AtomicInteger slowCalls = new AtomicInteger();

		// Read through methods: the caching proxy's own fields are not the target's.
		public int calls() {
			return this.calls.get();
		}

		public int slowCalls() {
			return this.slowCalls.get();
		}

		@Cacheable("default")
		public String title(long id) {
			this.calls.incrementAndGet();
			return "title " + id;
		}

		@Cacheable("default")
		public String nothing(long id) {
			this.calls.incrementAndGet();
			return null;
		}

		@CacheEvict("default")
		public void evict(long id) {
		}

		@Cacheable(cacheNames = "other", sync = true)
		public String slow(long id) throws InterruptedException {
			this.slowCalls.incrementAndGet();
			Thread.sleep(100);
			return "slow " + id;
		}

	}

}
