package dev.cachette.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.cachette.cache.Cache;
import dev.cachette.cache.Concurrently;
import dev.cachette.cache.TestServers;
import dev.cachette.cache.backend.redis.RedisCache;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code redis} backend's wiring: names, options, the application's connection
 * factory, and the back-off without Lettuce.
 */
class RedisBackendConfigurationTests {

	private static final String URL = TestServers.address("CACHETTE_REDIS_URL", "redis://127.0.0.1:6379/9");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachetteAutoConfiguration.class));

	@BeforeAll
	static void requireRedis() {
		TestServers.requireUrl("Redis (set CACHETTE_REDIS_URL)", URL, 6379);
	}

	private static String prefix() {
		return "caches.default.key-prefix=cfg" + UUID.randomUUID().toString().substring(0, 8);
	}

	@Test
	void redisBackend_createsARedisCacheBean() {
		this.runner.withPropertyValues("caches.default.backend=redis", "caches.default.location=" + URL, prefix())
			.run((context) -> {
				Cache cache = context.getBean("default", Cache.class);
				assertThat(cache).isInstanceOf(RedisCache.class);
				cache.set("k", "v");
				assertThat(cache.<String>get("k")).isEqualTo("v");
				cache.clear();
			});
	}

	@Test
	void lease_twoApplicationContextsSharingRedis_runTheSupplierOnceInTotal() {
		String[] properties = { "caches.default.backend=redis", "caches.default.location=" + URL, prefix(),
				"caches.default.options.lease=10s" };
		AtomicInteger calls = new AtomicInteger();
		this.runner.withPropertyValues(properties)
			.run((first) -> this.runner.withPropertyValues(properties).run((second) -> {
				List<Cache> instances = List.of(first.getBean("default", Cache.class),
						second.getBean("default", Cache.class));
				assertThat(instances.get(0)).isNotSameAs(instances.get(1));
				List<Object> results = Concurrently.run(40, Duration.ofSeconds(30),
						(thread) -> instances.get(thread % 2).getOrSet("cold", () -> {
							sleep(200);
							return "value" + calls.incrementAndGet();
						}));
				assertThat(calls).hasValue(1);
				assertThat(results).containsOnly("value1");
				instances.get(0).delete("cold");
			}));
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void djangoPath_isASynonym() {
		this.runner
			.withPropertyValues("caches.default.BACKEND=django.core.cache.backends.redis.RedisCache",
					"caches.default.LOCATION=" + URL, prefix())
			.run((context) -> assertThat(context.getBean("default", Cache.class)).isInstanceOf(RedisCache.class));
	}

	@Test
	void noLocation_usesTheApplicationsConnectionFactory() {
		RedisURI uri = RedisURI.create(URL);
		this.runner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues("caches.default.backend=redis", prefix(), "spring.data.redis.host=" + uri.getHost(),
					"spring.data.redis.port=" + uri.getPort(), "spring.data.redis.database=" + uri.getDatabase())
			.run((context) -> {
				Cache cache = context.getBean("default", Cache.class);
				assertThat(cache.toString()).contains("the application's RedisConnectionFactory");
				cache.set("k", "through spring.data.redis");
				RedisClient client = RedisClient.create(uri);
				try (var connection = client.connect()) {
					assertThat(connection.sync().exists(cache.makeKey("k"))).isOne();
				}
				finally {
					client.shutdown();
				}
				cache.clear();
			});
	}

	@Test
	void noLocationNoFactory_failsNamingTheAlias() {
		this.runner.withPropertyValues("caches.default.backend=redis")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("caches.default.location is not set"));
	}

	@Test
	void unknownOption_failsListingTheValidOnes() {
		this.runner
			.withPropertyValues("caches.default.backend=redis", "caches.default.location=" + URL,
					"caches.default.options.pool-size=8")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("unknown option 'poolsize'")
				.hasMessageContaining("operation-timeout"));
	}

	@Test
	void withoutLettuce_backsOffAndSaysWhatToAdd() {
		this.runner.withClassLoader(new FilteredClassLoader(RedisClient.class))
			.withPropertyValues("caches.default.backend=redis", "caches.default.location=" + URL)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("spring-boot-starter-data-redis"));
	}

}
