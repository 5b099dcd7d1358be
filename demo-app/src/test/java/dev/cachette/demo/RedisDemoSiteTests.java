package dev.cachette.demo;

import dev.cachette.cache.TestServers;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The demo with its {@code redis} profile, on a real Redis server (a database of its own,
 * since the demo clears its caches): pages, fragments and entries all go through Redis.
 *
 * @author Cachette contributors
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("redis")
class RedisDemoSiteTests extends DemoSiteTests {

	/** Database 12 locally; a Redis in Docker where none runs (Testcontainers). */
	static final String URL = TestServers.address("CACHETTE_DEMO_REDIS_URL", "redis://127.0.0.1:6379/12");

	@DynamicPropertySource
	static void redisLocation(DynamicPropertyRegistry registry) {
		registry.add("CACHETTE_DEMO_REDIS_URL", () -> URL);
	}

	@BeforeAll
	static void requireRedis() {
		TestServers.requireUrl("Redis (redis-server on 127.0.0.1:6379)", URL, 6379);
	}

}
