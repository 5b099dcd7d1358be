package dev.cachette.cache.backend.redis;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.cachette.cache.TestServers;
import dev.cachette.cache.backend.redis.RedisTestSupport.Raw;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code unix://} location against a private server listening on a socket (and on
 * {@code CACHETTE_REDIS_SOCKET_PORT}, 6383, for the test's own checks), which the test
 * starts and stops. Lettuce needs Netty's native epoll transport for sockets; the test
 * classpath has it.
 */
class RedisUnixSocketTests {

	private static final int PORT = Integer.parseInt(TestServers.env("CACHETTE_REDIS_SOCKET_PORT", "6383"));

	private static final Path SOCKET = Path.of(System.getProperty("java.io.tmpdir"),
			"cachette-redis-" + PORT + ".sock");

	private static boolean started;

	@BeforeAll
	static void startServer() throws Exception {
		RedisTestSupport.requireRedis();
		started = RedisTestSupport.startServer(PORT, "--unixsocket", SOCKET.toString(), "--unixsocketperm", "700");
	}

	@AfterAll
	static void stopServer() {
		if (started) {
			RedisTestSupport.stopServer(PORT);
		}
	}

	@Test
	void unixLocation_storesThroughTheSocket() {
		CacheSettings settings = CacheSettings.builder("socket")
			.backend("redis")
			.location("unix://" + SOCKET + "?db=3")
			.keyPrefix("u")
			.build();
		try (RedisCache cache = new RedisCache(settings);
				Raw raw = RedisTestSupport.raw("redis://" + RedisTestSupport.URI.getHost() + ":" + PORT + "/3")) {
			cache.set("n", 7);
			assertThat(cache.incr("n")).isEqualTo(8L);
			assertThat(raw.commands().get(cache.makeKey("n"))).isEqualTo("8");
			assertThat(cache.toString()).contains("unix:" + SOCKET);
			cache.clear();
		}
	}

}
