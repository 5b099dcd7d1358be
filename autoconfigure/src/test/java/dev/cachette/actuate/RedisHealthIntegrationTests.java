package dev.cachette.actuate;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.health.actuate.endpoint.SimpleStatusAggregator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import dev.cachette.cache.TestServers;
import dev.cachette.cache.backend.redis.RedisCache;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CacheHealthIndicator} on real Redis aliases: UP against the test server;
 * DEGRADED for a fail-open alias whose server is not listening (a closed port), DOWN for
 * a strict one.
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
	void degradedWhenTheServerIsNotListening() {
		try (RedisCache cache = new RedisCache(unreachable().build())) {
			Health health = new CacheHealthIndicator(cache, Duration.ofSeconds(5)).health();
			assertThat(health.getStatus()).isEqualTo(CacheHealthIndicator.DEGRADED);
			assertThat(health.getDetails()).containsEntry("circuit", "closed");
			assertThat(health.getDetails().get("error").toString()).contains("CacheUnavailableException")
				.contains("127.0.0.1:1")
				.doesNotContain("s3cret");
			// Boot's default aggregation leaves the unknown status out.
			assertThat(new SimpleStatusAggregator().getAggregateStatus(Status.UP, health.getStatus()))
				.isEqualTo(Status.UP);
		}
	}

	@Test
	void degradedWhileTheCircuitIsOpen() {
		try (RedisCache cache = new RedisCache(unreachable().build())) {
			for (int i = 0; i < 5; i++) {
				cache.get("k");
			}
			Health health = new CacheHealthIndicator(cache, Duration.ofSeconds(5)).health();
			assertThat(health.getStatus()).isEqualTo(CacheHealthIndicator.DEGRADED);
			assertThat(health.getDetails()).containsEntry("circuit", "open");
		}
	}

	@Test
	void downWhenTheServerIsNotListeningAndTheAliasIsStrict() {
		try (RedisCache cache = new RedisCache(unreachable().option("strict", true).build())) {
			Health health = new CacheHealthIndicator(cache, Duration.ofSeconds(5)).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		}
	}

	private static CacheSettings.Builder unreachable() {
		return CacheSettings.builder("sessions")
			.backend("redis")
			.location("redis://:s3cret@127.0.0.1:1/0")
			.option("connect-timeout", "500ms")
			.option("operation-timeout", "500ms");
	}

}
