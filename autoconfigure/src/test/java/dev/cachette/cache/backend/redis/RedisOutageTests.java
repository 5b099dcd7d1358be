package dev.cachette.cache.backend.redis;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.cachette.cache.CacheUnavailableException;
import dev.cachette.cache.TestServers;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A server that goes away while the cache is connected, and comes back: calls fail at
 * once (not after the command timeout) while it is down, and the cache recovers by
 * itself. Uses a private server on {@code CACHETTE_REDIS_OUTAGE_PORT} (6382), which the
 * test starts and stops.
 */
class RedisOutageTests {

	private static final int PORT = Integer.parseInt(TestServers.env("CACHETTE_REDIS_OUTAGE_PORT", "6382"));

	private static final String LOCATION = "redis://" + RedisTestSupport.URI.getHost() + ":" + PORT + "/0";

	@BeforeAll
	static void requireRedisServer() {
		RedisTestSupport.requireRedis();
	}

	@AfterAll
	static void stopServer() {
		RedisTestSupport.stopServer(PORT);
	}

	@Test
	void serverDown_failsFast_thenRecovers() throws Exception {
		RedisTestSupport.startServer(PORT);
		CacheSettings settings = CacheSettings.builder("outage")
			.backend("redis")
			.location(LOCATION)
			.option("operation-timeout", "5s")
			.option("strict", true)
			.build();
		CacheSettings ignoring = settings.toBuilder().option("strict", false).build();
		try (RedisCache cache = new RedisCache(settings); RedisCache lenient = new RedisCache(ignoring)) {
			cache.set("k", "v");
			assertThat(lenient.<String>get("k")).isEqualTo("v");

			RedisTestSupport.stopServer(PORT);
			RedisTestSupport.await("the server to stop", () -> !TestServers.isReachable("127.0.0.1", PORT));
			long start = System.nanoTime();
			assertThatExceptionOfType(CacheUnavailableException.class).isThrownBy(() -> cache.get("k"))
				.withMessageContaining("'outage'")
				.withMessageContaining(":" + PORT);
			assertThat(lenient.get("k", "default")).isEqualTo("default");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));

			RedisTestSupport.startServer(PORT);
			RedisTestSupport.await("the cache to reconnect", () -> {
				try {
					cache.set("k", "back");
					return true;
				}
				catch (CacheUnavailableException ex) {
					return false;
				}
			});
			assertThat(cache.<String>get("k")).isEqualTo("back");
		}
	}

}
