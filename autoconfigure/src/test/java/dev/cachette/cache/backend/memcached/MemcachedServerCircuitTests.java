package dev.cachette.cache.backend.memcached;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.cachette.cache.ServerProcess;
import dev.cachette.cache.resilience.CallTimeouts;
import dev.cachette.cache.resilience.CircuitBreaker;
import dev.cachette.cache.resilience.CircuitBreaker.State;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A breaker per server, against two {@code memcached} processes of the test's own: a
 * frozen server's keys read as misses at once while the other server's keep hitting, a
 * background probe closes its breaker after the thaw, and a killed server's keys move to
 * the other server as folsom's ketama ring places them.
 */
class MemcachedServerCircuitTests {

	private static final Duration OPERATION = CallTimeouts.DEFAULT_OPERATION_TIMEOUT;

	private ServerProcess first;

	private ServerProcess second;

	private MemcachedCache cache;

	/** The keys stored on the first server, and those on the second. */
	private final List<String> onFirst = new ArrayList<>();

	private final List<String> onSecond = new ArrayList<>();

	@BeforeEach
	void start() throws Exception {
		int firstPort = ServerProcess.freePort();
		this.first = ServerProcess.start(firstPort, MemcachedFreezeTests.memcached(firstPort));
		int secondPort = ServerProcess.freePort();
		this.second = ServerProcess.start(secondPort, MemcachedFreezeTests.memcached(secondPort));
		CacheSettings.Builder settings = CacheSettings.builder("sharded")
			.backend("memcached")
			.option("connect-timeout", "5s")
			.option("circuit-breaker", Map.of("backoff-initial", "200ms", "backoff-max", "200ms"));
		this.cache = new MemcachedCache(
				settings.location("127.0.0.1:" + firstPort + ";127.0.0.1:" + secondPort).build());
		try (MemcachedCache firstOnly = new MemcachedCache(settings.location("127.0.0.1:" + firstPort).build())) {
			for (int i = 0; i < 40; i++) {
				String key = "k" + i;
				this.cache.set(key, key);
				(firstOnly.hasKey(key) ? this.onFirst : this.onSecond).add(key);
			}
		}
		assertThat(this.onFirst).isNotEmpty();
		assertThat(this.onSecond).isNotEmpty();
	}

	@AfterEach
	void stop() throws Exception {
		ServerProcess.closeAll(this.cache, this.first, this.second);
	}

	@Test
	void frozenServer_itsKeysMissAtOnce_theOtherServerKeepsServing_andTheProbeBringsItBack() throws Exception {
		CircuitBreaker firstCircuit = circuitOf(this.first);
		this.first.freeze();
		for (String key : this.onFirst.subList(0, Math.min(5, this.onFirst.size()))) {
			assertThat(this.cache.<String>get(key)).isNull();
		}
		long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
		while (firstCircuit.state() == State.CLOSED && System.nanoTime() < deadline) {
			this.cache.get(this.onFirst.get(0));
		}
		assertThat(firstCircuit.state()).isEqualTo(State.OPEN);
		assertThat(circuitOf(this.second).state()).isEqualTo(State.CLOSED);
		assertThat(this.cache.circuitBreaker().state()).isEqualTo(State.CLOSED);

		int slow = 0;
		for (int round = 0; round < 10; round++) {
			for (String key : this.onSecond) {
				assertThat(this.cache.<String>get(key)).as("the other server serves its keys").isEqualTo(key);
			}
			for (String key : this.onFirst) {
				long start = System.nanoTime();
				assertThat(this.cache.<String>get(key, "skipped")).isEqualTo("skipped");
				if (Duration.ofNanos(System.nanoTime() - start).compareTo(OPERATION) >= 0) {
					slow++;
				}
			}
			Thread.sleep(100);
		}
		assertThat(firstCircuit.transitions(State.HALF_OPEN)).as("probes").isGreaterThanOrEqualTo(3);
		assertThat(slow).as("reads that waited for the frozen server").isZero();

		this.first.thaw();
		deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
		while (firstCircuit.state() != State.CLOSED && System.nanoTime() < deadline) {
			this.cache.get(this.onFirst.get(0));
			Thread.sleep(20);
		}
		assertThat(firstCircuit.state()).isEqualTo(State.CLOSED);
		assertThat(this.cache.<String>get(this.onFirst.get(0))).isEqualTo(this.onFirst.get(0));
	}

	@Test
	void killedServer_itsKeysMoveToTheOtherServer() throws Exception {
		this.first.kill();
		String moved = this.onFirst.get(0);
		long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
		// Once folsom has seen the connection close, the key is placed on the next
		// server.
		while (System.nanoTime() < deadline && !"moved".equals(this.cache.get(moved))) {
			this.cache.set(moved, "moved");
			Thread.sleep(20);
		}
		assertThat(this.cache.<String>get(moved)).isEqualTo("moved");
		for (String key : this.onSecond) {
			assertThat(this.cache.<String>get(key)).isEqualTo(key);
		}
		assertThat(this.cache.circuitBreaker().state()).isEqualTo(State.CLOSED);
	}

	private CircuitBreaker circuitOf(ServerProcess server) {
		return this.cache.serverCircuitBreakers()
			.stream()
			.filter((circuit) -> ("127.0.0.1:" + server.port()).equals(circuit.server()))
			.findFirst()
			.orElseThrow();
	}

}
