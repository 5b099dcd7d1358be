package dev.cachette.actuate;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import dev.cachette.cache.CacheSettings;
import dev.cachette.cache.TestServers;
import dev.cachette.cache.backend.redis.RedisCache;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CacheHealthIndicator} on real Redis aliases: UP against the test server, DOWN
 * for an alias whose server is not listening (a closed port), also when the alias ignores
 * exceptions.
 */
class RedisHealthIntegrationTests {

	private static final String URL = TestServers.address("CACHETTE_REDIS_URL", "redis://127.0.0.1:6379/9");

	@Test
	void upWhenTheServerAnswers() {
		URI uri = URI.create(URL);
		TestServers.require("Redis (set CACHETTE_REDIS_URL)", uri.getHost(), uri.getPort());
		try (RedisCache cache = new RedisCache(
				CacheSettings.builder("sessions").backend("redis").location(URL).build())) {
			Health health = new CacheHealthIndicator(cache, Duration.ofSeconds(5)).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("backend", "redis").containsKey("time");
		}
	}

	@Test
	void downWhenTheServerIsNotListening() {
		try (RedisCache cache = new RedisCache(CacheSettings.builder("sessions")
			.backend("redis")
			.location("redis://:s3cret@127.0.0.1:1/0")
			.option("connect-timeout", "500ms")
			.option("operation-timeout", "500ms")
			.option("ignore-exceptions", true)
			.build())) {
			Health health = new CacheHealthIndicator(cache, Duration.ofSeconds(5)).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails().get("error").toString()).contains("CacheUnavailableException")
				.contains("127.0.0.1:1")
				.doesNotContain("s3cret");
		}
	}

}
