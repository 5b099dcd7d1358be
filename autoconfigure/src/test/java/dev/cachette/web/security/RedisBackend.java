package dev.cachette.web.security;

import java.net.URI;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.cachette.cache.TestServers;

/**
 * Puts a two-user suite's {@code default} alias on the real Redis server
 * ({@code CACHETTE_REDIS_URL}, default {@code redis://127.0.0.1:6379/9}), in a database
 * of its own (the test database + 4) under a key prefix of this run, so that clearing the
 * caches before each test touches no other suite's keys. With {@code CI=true} a missing
 * server fails the suite. A suite implements it; JUnit and Spring find the static methods
 * on the interface.
 */
interface RedisBackend {

	URI TEST_SERVER = URI.create(TestServers.address("CACHETTE_REDIS_URL", "redis://127.0.0.1:6379/9"));

	String LOCATION = "redis://" + TEST_SERVER.getHost() + ":" + TEST_SERVER.getPort() + "/"
			+ (((TEST_SERVER.getPath() == null || TEST_SERVER.getPath().length() <= 1) ? 0
					: Integer.parseInt(TEST_SERVER.getPath().substring(1))) + 4);

	String KEY_PREFIX = "two-user-" + UUID.randomUUID().toString().substring(0, 8);

	@BeforeAll
	static void requireRedis() {
		TestServers.requireUrl("Redis (set CACHETTE_REDIS_URL)", LOCATION, 6379);
	}

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("caches.default.backend", () -> "redis");
		registry.add("caches.default.location", () -> LOCATION);
		registry.add("caches.default.key-prefix", () -> KEY_PREFIX);
	}

}
