package dev.cachette.cache.backend.redis;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.cachette.cache.backend.redis.RedisTestSupport.Raw;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Django's replica rule against a real leader and replica: writes go to the first
 * location, reads to the replica.
 *
 * <p>
 * The proof makes the two servers disagree: the cache writes a value (it must reach the
 * leader), then the replica alone is given another value for the same key (the test turns
 * {@code replica-read-only} off for that). A read through the cache returning the
 * replica's value can only have been served by the replica, and the leader still holding
 * the first value shows the write went to the leader. The replica runs on
 * {@code CACHETTE_REDIS_REPLICA_PORT} (6380); the test starts it unless one is running,
 * and stops what it started.
 */
class RedisReplicaTests {

	private static boolean startedReplica;

	@BeforeAll
	static void startReplica() throws Exception {
		RedisTestSupport.requireRedis();
		startedReplica = RedisTestSupport.startReplica();
	}

	@AfterAll
	static void stopReplica() {
		if (startedReplica) {
			RedisTestSupport.stopReplica();
		}
	}

	@Test
	void writesGoToTheLeader_readsToTheReplica() throws Exception {
		CacheSettings.Builder settings = RedisTestSupport.settings("replicated")
			.locations(List.of(RedisTestSupport.URL, RedisTestSupport.replicaUrl()));
		CacheSettings.Builder leaderOnly = settings.build().toBuilder().location(RedisTestSupport.URL);
		CacheSettings.Builder replicaOnly = settings.build().toBuilder().location(RedisTestSupport.replicaUrl());
		try (RedisCache cache = new RedisCache(settings.build());
				RedisCache leader = new RedisCache(leaderOnly.build());
				RedisCache replica = new RedisCache(replicaOnly.build());
				Raw rawLeader = RedisTestSupport.raw(RedisTestSupport.URL);
				Raw rawReplica = RedisTestSupport.raw(RedisTestSupport.replicaUrl())) {
			cache.set("k", "written through the cache");
			assertThat(leader.<String>get("k")).isEqualTo("written through the cache");
			awaitReplicated(replica, "k");

			rawReplica.commands().configSet("replica-read-only", "no");
			try {
				replica.set("k", "only on the replica");
			}
			finally {
				rawReplica.commands().configSet("replica-read-only", "yes");
			}
			for (int i = 0; i < 20; i++) {
				assertThat(cache.<String>get("k")).isEqualTo("only on the replica");
				assertThat(cache.getMany(List.of("k"))).containsEntry("k", "only on the replica");
				assertThat(cache.hasKey("k")).isTrue();
			}
			assertThat(leader.<String>get("k")).isEqualTo("written through the cache");

			cache.set("n", 1);
			assertThat(cache.incr("n")).isEqualTo(2L);
			assertThat(cache.add("a", "x")).isTrue();
			assertThat(leader.<Long>get("n")).isEqualTo(2L);
			assertThat(leader.<String>get("a")).isEqualTo("x");
			cache.deleteMany(List.of("k", "n", "a"));
			assertThat(rawLeader.commands().exists(leader.makeKey("k"), leader.makeKey("n"))).isZero();
		}
	}

	private static void awaitReplicated(RedisCache replica, String key) throws InterruptedException {
		for (int i = 0; i < 100 && !replica.hasKey(key); i++) {
			Thread.sleep(20);
		}
		assertThat(replica.hasKey(key)).as("replicated to the replica").isTrue();
	}

}
