package dev.cachette.cache.backend.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.cachette.cache.Cache;
import dev.cachette.cache.TestServers;
import dev.cachette.cache.backend.redis.RedisTestSupport.Raw;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code options.cluster: true} against a real three-master Redis Cluster on ports
 * {@code CACHETTE_REDIS_CLUSTER_PORT} (7001) to 7003. The test starts and creates the
 * cluster unless it is running, and stops what it started. Keys are chosen to fall in
 * different hash slots, so the multi-key operations really cross nodes.
 */
class RedisClusterTests {

	private static final int FIRST_PORT = Integer.parseInt(TestServers.env("CACHETTE_REDIS_CLUSTER_PORT", "7001"));

	private static final String HOST = RedisTestSupport.URI.getHost();

	private static final List<Integer> started = new ArrayList<>();

	@BeforeAll
	static void startCluster() throws Exception {
		RedisTestSupport.requireRedis();
		for (int port : ports()) {
			// nodes.conf lives in the server's own directory, made fresh for each start.
			if (RedisTestSupport.startServer(port, "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
					"--cluster-node-timeout", "5000")) {
				started.add(port);
			}
		}
		try (Raw first = RedisTestSupport.raw("redis://" + HOST + ":" + FIRST_PORT)) {
			if (first.commands().clusterInfo().contains("cluster_slots_assigned:0")) {
				List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
				ports().forEach((port) -> command.add(HOST + ":" + port));
				command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
				RedisTestSupport.run(command);
			}
		}
		for (int port : ports()) {
			try (Raw node = RedisTestSupport.raw("redis://" + HOST + ":" + port)) {
				RedisTestSupport.await("the cluster node on port " + port + " to be ok",
						() -> node.commands().clusterInfo().contains("cluster_state:ok"));
			}
		}
	}

	@AfterAll
	static void stopCluster() {
		for (int port : started) {
			RedisTestSupport.stopServer(port);
		}
	}

	private static List<Integer> ports() {
		return List.of(FIRST_PORT, FIRST_PORT + 1, FIRST_PORT + 2);
	}

	private static CacheSettings.Builder settings(String prefix) {
		List<String> locations = ports().stream().map((port) -> "redis://" + HOST + ":" + port).toList();
		return CacheSettings.builder("cluster")
			.backend("redis")
			.locations(locations)
			.keyPrefix(prefix)
			.option("cluster", true)
			// 300-key operations fan out over every master: on a loaded test machine they
			// take longer than the 50 ms a request would give them.
			.option("operation-timeout", "1s");
	}

	@Test
	void everyOperation_worksAcrossSlots() {
		try (Cache cache = new RedisCache(settings("c1").build())) {
			Map<String, Object> values = new LinkedHashMap<>();
			for (int i = 0; i < 50; i++) {
				values.put("k" + i, "v" + i);
			}
			assertThat(values.keySet().stream().map((key) -> SlotHash.getSlot(cache.makeKey(key))).distinct().count())
				.isGreaterThan(10);

			cache.setMany(values, Duration.ofMinutes(1));
			assertThat(cache.getMany(values.keySet())).isEqualTo(values);
			cache.setMany(values, Cache.FOREVER);
			assertThat(cache.getMany(values.keySet())).isEqualTo(values);
			cache.deleteMany(values.keySet());
			assertThat(cache.getMany(values.keySet())).isEmpty();

			cache.set("n", 1, Duration.ofMinutes(1));
			assertThat(cache.incr("n", 2)).isEqualTo(3L);
			assertThat(cache.add("n", 0)).isFalse();
			assertThat(cache.touch("n", Cache.FOREVER)).isTrue();
			assertThat(cache.hasKey("n")).isTrue();
			assertThat(cache.delete("n")).isTrue();
		}
	}

	@Test
	void setMany_withTimeout_setsAnExpiryOnEveryNode() {
		try (Cache cache = new RedisCache(settings("c2").build()); RedisClusterClient client = clusterClient()) {
			Map<String, Object> values = new LinkedHashMap<>();
			for (int i = 0; i < 20; i++) {
				values.put("k" + i, i);
			}
			cache.setMany(values, Duration.ofMinutes(1));
			try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
				for (String key : values.keySet()) {
					assertThat(connection.sync().pttl(cache.makeKey(key))).isPositive();
				}
			}
			cache.clear();
		}
	}

	@Test
	void clear_withKeyPrefix_scansEveryMaster() {
		try (Cache mine = new RedisCache(settings("mine").build());
				Cache other = new RedisCache(settings("other").build())) {
			Map<String, Object> values = new LinkedHashMap<>();
			for (int i = 0; i < 300; i++) {
				values.put("k" + i, i);
			}
			mine.setMany(values);
			other.setMany(values);
			mine.clear();
			assertThat(mine.getMany(values.keySet())).isEmpty();
			assertThat(other.getMany(values.keySet())).hasSize(300);
			other.clear();
			assertThat(other.getMany(values.keySet())).isEmpty();
		}
	}

	@Test
	void clear_withoutKeyPrefix_flushesEveryMaster() {
		try (Cache cache = new RedisCache(settings("").build()); RedisClusterClient client = clusterClient()) {
			Map<String, Object> values = new LinkedHashMap<>();
			for (int i = 0; i < 30; i++) {
				values.put("k" + i, i);
			}
			cache.setMany(values);
			cache.clear();
			try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
				assertThat(connection.sync().dbsize()).isZero();
			}
		}
	}

	private static RedisClusterClient clusterClient() {
		return RedisClusterClient.create(RedisURI.create(HOST, FIRST_PORT));
	}

}
