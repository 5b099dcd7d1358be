package dev.cachette.cache.backend.redis;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.cachette.cache.Cache;
import dev.cachette.cache.TestServers;
import dev.cachette.cache.backend.redis.RedisTestSupport.Raw;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code options.sentinel-master} against a real Sentinel: a private master on
 * {@code CACHETTE_REDIS_SENTINEL_MASTER_PORT} (6381) watched by one Sentinel on
 * {@code CACHETTE_REDIS_SENTINEL_PORT} (26381), under the name {@code cachette}. The test
 * starts both unless they run, and stops what it started. The master is private so that a
 * failover can never touch the shared server.
 */
class RedisSentinelTests {

	private static final String HOST = RedisTestSupport.URI.getHost();

	private static final int MASTER_PORT = Integer
		.parseInt(TestServers.env("CACHETTE_REDIS_SENTINEL_MASTER_PORT", "6381"));

	private static final int SENTINEL_PORT = Integer.parseInt(TestServers.env("CACHETTE_REDIS_SENTINEL_PORT", "26381"));

	private static final Path CONFIG = Path.of(System.getProperty("java.io.tmpdir"),
			"cachette-sentinel-" + SENTINEL_PORT + ".conf");

	private static boolean startedMaster;

	private static boolean startedSentinel;

	@BeforeAll
	static void startSentinel() throws Exception {
		RedisTestSupport.requireRedis();
		startedMaster = RedisTestSupport.startServer(MASTER_PORT);
		if (!TestServers.isReachable(HOST, SENTINEL_PORT)) {
			// Sentinel rewrites its configuration file, so it gets a fresh one of its
			// own.
			Files.writeString(CONFIG, "sentinel monitor cachette " + HOST + " " + MASTER_PORT + " 1\n");
			startedSentinel = RedisTestSupport.startServer(SENTINEL_PORT, CONFIG, "--sentinel");
		}
		RedisClient client = RedisClient.create(RedisURI.create(HOST, SENTINEL_PORT));
		try (StatefulRedisSentinelConnection<String, String> sentinel = client.connectSentinel()) {
			RedisTestSupport.await("the Sentinel to know the master",
					() -> sentinel.sync().getMasterAddrByName("cachette") instanceof InetSocketAddress address
							&& address.getPort() == MASTER_PORT);
		}
		finally {
			client.shutdown();
		}
	}

	@AfterAll
	static void stopSentinel() throws IOException {
		if (startedSentinel) {
			RedisTestSupport.stopServer(SENTINEL_PORT);
			Files.deleteIfExists(CONFIG);
		}
		if (startedMaster) {
			RedisTestSupport.stopServer(MASTER_PORT);
		}
	}

	@Test
	void sentinelMaster_connectsToTheMasterTheSentinelNames() {
		CacheSettings settings = CacheSettings.builder("sentinel")
			.backend("redis")
			.location("redis://" + HOST + ":" + SENTINEL_PORT)
			.keyPrefix("s")
			.option("sentinel-master", "cachette")
			.option("db", 9)
			.build();
		try (Cache cache = new RedisCache(settings);
				Raw master = RedisTestSupport.raw("redis://" + HOST + ":" + MASTER_PORT + "/9")) {
			cache.set("n", 41);
			assertThat(cache.incr("n")).isEqualTo(42L);
			assertThat(master.commands().get(cache.makeKey("n"))).isEqualTo("42");
			assertThat(cache.toString()).contains("'cachette'").contains(HOST + ":" + SENTINEL_PORT);
			cache.clear();
			assertThat(master.commands().exists(cache.makeKey("n"))).isZero();
		}
	}

}
