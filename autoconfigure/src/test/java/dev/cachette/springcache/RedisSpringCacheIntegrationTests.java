package dev.cachette.springcache;

import java.net.URI;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.cache.interceptor.SimpleKey;

import dev.cachette.cache.TestServers;
import dev.cachette.cache.backend.redis.RedisCache;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring's cache contract through a real Redis alias: values, stored nulls, the value
 * loader and eviction.
 */
class RedisSpringCacheIntegrationTests {

	private static final String URL = TestServers.address("CACHETTE_REDIS_URL", "redis://127.0.0.1:6379/9");

	@Test
	void roundTripThroughRedis() {
		URI uri = URI.create(URL);
		TestServers.require("Redis (set CACHETTE_REDIS_URL)", uri.getHost(), uri.getPort());
		String prefix = "spring-" + UUID.randomUUID();
		try (RedisCache redis = new RedisCache(
				CacheSettings.builder("default").backend("redis").location(URL).keyPrefix(prefix).build())) {
			CachetteSpringCache cache = new CachetteSpringCache(redis, true);
			Object key = new SimpleKey("article", 42L);
			cache.put(key, "title");
			assertThat(cache.get(key).get()).isEqualTo("title");
			assertThat(redis.<String>get("SimpleKey%20[article,%2042]")).isEqualTo("title");
			cache.put("nothing", null);
			assertThat(cache.get("nothing")).isNotNull();
			assertThat(cache.get("nothing").get()).isNull();
			assertThat(cache.get("loaded", () -> 7L)).isEqualTo(7L);
			assertThat(cache.get("loaded", () -> 8L)).isEqualTo(7L);
			assertThat(cache.evictIfPresent(key)).isTrue();
			assertThat(cache.get(key)).isNull();
			assertThat(redis.statistics().hits()).isPositive();
			redis.clear();
		}
	}

}
