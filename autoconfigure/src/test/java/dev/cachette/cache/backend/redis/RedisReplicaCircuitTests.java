package dev.cachette.cache.backend.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.boot.health.contributor.Health;

import dev.cachette.actuate.CacheHealthIndicator;
import dev.cachette.cache.Caches;
import dev.cachette.cache.ServerProcess;
import dev.cachette.cache.resilience.CallTimeouts;
import dev.cachette.cache.resilience.CircuitBreaker;
import dev.cachette.cache.resilience.CircuitBreaker.State;
import dev.cachette.cache.settings.CacheSettings;
import dev.cachette.metrics.CachetteMeterBinders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A breaker per replica, against a leader and a replica of the test's own
 * ({@code redis-server --replicaof}): a frozen or dead replica is skipped for reads,
 * which the leader answers, without opening the alias's breaker; a background probe
 * closes the replica's breaker once it answers again; the leader's failure opens the
 * alias's.
 */
class RedisReplicaCircuitTests {

	private static final Duration OPERATION = CallTimeouts.DEFAULT_OPERATION_TIMEOUT;

	private ServerProcess leader;

	private ServerProcess replica;

	private RedisCache cache;

	@BeforeEach
	void start() throws Exception {
		int leaderPort = ServerProcess.freePort();
		this.leader = ServerProcess.start(leaderPort, RedisFreezeTests.redisServer(leaderPort));
		int replicaPort = ServerProcess.freePort();
		this.replica = ServerProcess.start(replicaPort,
				RedisFreezeTests.redisServer(replicaPort, "--replicaof", "127.0.0.1", Integer.toString(leaderPort)));
		this.cache = new RedisCache(CacheSettings.builder("replicated")
			.backend("redis")
			.locations(List.of("redis://127.0.0.1:" + leaderPort + "/0", "redis://127.0.0.1:" + replicaPort + "/0"))
			.option("circuit-breaker", java.util.Map.of("backoff-initial", "200ms", "backoff-max", "200ms"))
			.build());
		this.cache.set("k", "v");
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!"v".equals(this.cache.get("k")) && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(this.cache.<String>get("k")).as("replicated").isEqualTo("v");
	}

	@AfterEach
	void stop() throws Exception {
		ServerProcess.closeAll(this.cache, this.replica, this.leader);
	}

	@Test
	void frozenReplica_isSkipped_theLeaderServesTheReads_andTheProbeBringsItBack() throws Exception {
		CircuitBreaker replicaCircuit = this.cache.serverCircuitBreakers().get(0);
		assertThat(replicaCircuit.server()).isEqualTo("127.0.0.1:" + this.replica.port());
		this.replica.freeze();
		for (int i = 0; i < 5; i++) {
			assertThat(this.cache.<String>get("k")).as("answered by the leader").isEqualTo("v");
		}
		assertThat(replicaCircuit.state()).isEqualTo(State.OPEN);
		assertThat(this.cache.circuitBreaker().state()).isEqualTo(State.CLOSED);
		assertVisible(replicaCircuit.server());
		// Open: the reads skip the replica, probes included, and still hit.
		int slow = 0;
		for (int i = 0; i < 100; i++) {
			long start = System.nanoTime();
			assertThat(this.cache.<String>get("k")).isEqualTo("v");
			if (Duration.ofNanos(System.nanoTime() - start).compareTo(OPERATION) >= 0) {
				slow++;
			}
			if (i % 10 == 0) {
				Thread.sleep(100);
			}
		}
		assertThat(replicaCircuit.transitions(State.HALF_OPEN)).as("probes").isGreaterThanOrEqualTo(3);
		assertThat(slow).as("reads that waited for the frozen replica").isZero();
		assertThat(this.cache.circuitBreaker().state()).isEqualTo(State.CLOSED);

		this.replica.thaw();
		long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
		while (replicaCircuit.state() != State.CLOSED && System.nanoTime() < deadline) {
			this.cache.get("k");
			Thread.sleep(20);
		}
		assertThat(replicaCircuit.state()).isEqualTo(State.CLOSED);
	}

	/** The open replica shows in the meters and the health, tagged with its address. */
	private void assertVisible(String server) {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		CachetteMeterBinders.circuitBreakers(new Caches(Map.of("replicated", this.cache)), Tags.empty())
			.bindTo(registry);
		assertThat(registry.get("cachette.circuit.state").tags("cache", "replicated", "server", server).gauge().value())
			.isEqualTo(2);
		assertThat(registry.get("cachette.circuit.state").tags("cache", "replicated", "server", "all").gauge().value())
			.isZero();
		Health health = new CacheHealthIndicator(this.cache, Duration.ofSeconds(5)).health();
		assertThat(health.getStatus()).isEqualTo(CacheHealthIndicator.DEGRADED);
		assertThat(health.getDetails()).containsEntry("circuit", "closed")
			.containsEntry("servers", java.util.Map.of(server, "open"));
	}

	@Test
	void deadReplica_readsHit_deadLeader_opensTheAliasCircuit() throws Exception {
		this.replica.kill();
		for (int i = 0; i < 20; i++) {
			assertThat(this.cache.<String>get("k")).isEqualTo("v");
		}
		assertThat(this.cache.serverCircuitBreakers().get(0).state()).isNotEqualTo(State.CLOSED);
		assertThat(this.cache.circuitBreaker().state()).isEqualTo(State.CLOSED);

		this.leader.kill();
		for (int i = 0; i < 5; i++) {
			this.cache.set("k", "lost");
		}
		assertThat(this.cache.circuitBreaker().state()).isEqualTo(State.OPEN);
	}

}
