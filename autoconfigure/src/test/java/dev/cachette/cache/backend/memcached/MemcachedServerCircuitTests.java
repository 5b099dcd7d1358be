package dev.cachette.cache.backend.memcached;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.health.contributor.Health;

import dev.cachette.actuate.CacheHealthIndicator;
import dev.cachette.cache.Refresh;
import dev.cachette.cache.ServerProcess;
import dev.cachette.cache.resilience.CallTimeouts;
import dev.cachette.cache.resilience.CircuitBreaker;
import dev.cachette.cache.resilience.CircuitBreaker.State;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A breaker per server, against two {@code memcached} processes of the test's own: a
 * frozen server's keys read as misses at once while the other server's keep hitting (in a
 * {@code getMany} too), a background probe closes its breaker after the thaw, a killed
 * server's keys move to the other server as folsom's ketama ring places them,
 * {@code flush_all} and statistics skip an open server, and with every server frozen or
 * killed the alias's own circuit is open: calls skip at once, the revalidation flow
 * serves its last known values, health is DEGRADED, and it closes when a server is back.
 */
class MemcachedServerCircuitTests {

	private static final Duration OPERATION = CallTimeouts.DEFAULT_OPERATION_TIMEOUT;

	private ServerProcess first;

	private ServerProcess second;

	private MemcachedCache cache;

	/** The alias's settings, both servers included: a test may change the protocol. */
	private CacheSettings.Builder sharded;

	/** The keys stored on the first server, and those on the second. */
	private final List<String> onFirst = new ArrayList<>();

	private final List<String> onSecond = new ArrayList<>();

	@BeforeEach
	void start() throws Exception {
		int firstPort = ServerProcess.freePort();
		this.first = ServerProcess.start(firstPort, MemcachedFreezeTests.memcached(firstPort));
		int secondPort = ServerProcess.freePort();
		this.second = ServerProcess.start(secondPort, MemcachedFreezeTests.memcached(secondPort));
		this.sharded = settings().location("127.0.0.1:" + firstPort + ";127.0.0.1:" + secondPort);
		this.cache = new MemcachedCache(this.sharded.build());
		try (MemcachedCache firstOnly = new MemcachedCache(settings().location("127.0.0.1:" + firstPort).build())) {
			for (int i = 0; i < 40; i++) {
				String key = "k" + i;
				this.cache.set(key, key);
				(firstOnly.hasKey(key) ? this.onFirst : this.onSecond).add(key);
			}
		}
		assertThat(this.onFirst).isNotEmpty();
		assertThat(this.onSecond).isNotEmpty();
	}

	private static CacheSettings.Builder settings() {
		return CacheSettings.builder("sharded")
			.backend("memcached")
			.option("connect-timeout", "5s")
			.option("circuit-breaker", Map.of("backoff-initial", "200ms", "backoff-max", "200ms"));
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

	@Test
	void getMany_acrossAFrozenServer_readsTheOtherServersKeys() throws Exception {
		openByFreezing(this.first);
		List<String> keys = new ArrayList<>(this.onFirst);
		keys.addAll(this.onSecond);
		Map<String, Object> found = this.cache.getMany(keys);
		assertThat(found).as("the open server's keys are misses, the others' are read").containsOnlyKeys(this.onSecond);
		this.onSecond.forEach((key) -> assertThat(found.get(key)).isEqualTo(key));
	}

	@ParameterizedTest(name = "binary={0}")
	@ValueSource(booleans = { false, true })
	void clearAndStatistics_skipAnOpenServer_andReachTheOthers(boolean binary) throws Exception {
		// flush_all and stats are sent per server in the alias's own protocol.
		if (binary) {
			this.cache.close();
			this.cache = new MemcachedCache(this.sharded.option("binary", true).build());
		}
		long bothServers = this.cache.statistics().size();
		assertThat(bothServers).isGreaterThanOrEqualTo(this.onFirst.size() + this.onSecond.size());
		openByFreezing(this.first);
		Duration sized = elapsed(() -> assertThat(this.cache.statistics().size())
			.as("the other server's items, without the frozen one's")
			.isBetween((long) this.onSecond.size(), bothServers - this.onFirst.size()));
		Duration cleared = elapsed(this.cache::clear);
		assertThat(sized.plus(cleared)).as("no wait for the frozen server").isLessThan(OPERATION);
		for (String key : this.onSecond) {
			assertThat(this.cache.<String>get(key)).as("flushed").isNull();
		}
		this.first.thaw();
		awaitClosed(circuitOf(this.first));
		assertThat(this.cache.<String>get(this.onFirst.get(0))).as("the skipped server kept its keys")
			.isEqualTo(this.onFirst.get(0));
	}

	@Test
	void everyServerFrozen_theAliasIsOpen_servesItsLastKnownValues_isDegraded_andClosesAfterTheThaw() throws Exception {
		Refresh refresh = Refresh.defaults().staleIfError(Duration.ofMinutes(1));
		assertThat(this.cache.getOrSet("known", Duration.ofMinutes(1), () -> "v1", refresh)).isEqualTo("v1");
		openByFreezing(this.first);
		assertThat(this.cache.circuitBreaker().state()).as("one server is still up").isEqualTo(State.CLOSED);
		openByFreezing(this.second);
		awaitAliasState(State.OPEN);
		assertEveryCallSkipsAndTheLastKnownValueServes(refresh);

		this.first.thaw();
		awaitClosed(circuitOf(this.first));
		awaitAliasState(State.CLOSED);
		assertThat(this.cache.<String>get(this.onFirst.get(0))).isEqualTo(this.onFirst.get(0));
		this.second.thaw();
	}

	@Test
	void everyServerKilled_theAliasIsOpenAtOnce_andClosesOnceOneIsRestarted() throws Exception {
		Refresh refresh = Refresh.defaults().staleIfError(Duration.ofMinutes(1));
		assertThat(this.cache.getOrSet("known", Duration.ofMinutes(1), () -> "v1", refresh)).isEqualTo("v1");
		this.first.kill();
		this.second.kill();
		// Folsom sees both connections close: each server's circuit opens without a call.
		long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
		while (this.cache.circuitBreaker().state() == State.CLOSED && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(this.cache.circuitBreaker().state()).isEqualTo(State.OPEN);
		assertEveryCallSkipsAndTheLastKnownValueServes(refresh);

		this.second.restart();
		awaitClosed(this.cache.circuitBreaker());
		this.cache.set("after", "restart");
		assertThat(this.cache.<String>get("after")).isEqualTo("restart");
	}

	private void assertEveryCallSkipsAndTheLastKnownValueServes(Refresh refresh) {
		long start = System.nanoTime();
		for (int i = 0; i < 50; i++) {
			assertThat(this.cache.<String>get(this.onSecond.get(0), "skipped")).isEqualTo("skipped");
			assertThat(this.cache.getMany(this.onFirst)).isEmpty();
			assertThat(this.cache.getOrSet("known", Duration.ofMinutes(1), () -> "recomputed", refresh))
				.as("the last value this JVM saw, within stale-if-error")
				.isEqualTo("v1");
		}
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("150 calls that skip the servers")
			.isLessThan(OPERATION.multipliedBy(4));
		assertThat(this.cache.circuitBreaker().skippedCalls()).isGreaterThanOrEqualTo(150);
		Health health = new CacheHealthIndicator(this.cache, Duration.ofMillis(500)).health();
		assertThat(health.getStatus()).isEqualTo(CacheHealthIndicator.DEGRADED);
		assertThat(health.getDetails()).containsEntry("circuit", "open");
	}

	/** Freezes a server and reads its keys until its circuit opens. */
	private void openByFreezing(ServerProcess server) throws Exception {
		List<String> keys = (server == this.first) ? this.onFirst : this.onSecond;
		CircuitBreaker circuit = circuitOf(server);
		server.freeze();
		long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
		while (circuit.state() == State.CLOSED && System.nanoTime() < deadline) {
			this.cache.get(keys.get(0));
		}
		assertThat(circuit.state()).isEqualTo(State.OPEN);
	}

	private void awaitClosed(CircuitBreaker circuit) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
		while (circuit.state() != State.CLOSED && System.nanoTime() < deadline) {
			this.cache.get(this.onFirst.get(0));
			Thread.sleep(20);
		}
		assertThat(circuit.state()).isEqualTo(State.CLOSED);
	}

	/**
	 * Waits for the alias's breaker to follow its servers': a server's breaker changes
	 * state on the thread that saw the failure or ran the probe, and tells the alias's
	 * just after.
	 */
	private void awaitAliasState(State expected) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
		while (this.cache.circuitBreaker().state() != expected && System.nanoTime() < deadline) {
			Thread.sleep(5);
		}
		assertThat(this.cache.circuitBreaker().state()).isEqualTo(expected);
	}

	private static Duration elapsed(Runnable action) {
		long start = System.nanoTime();
		action.run();
		return Duration.ofNanos(System.nanoTime() - start);
	}

	private CircuitBreaker circuitOf(ServerProcess server) {
		return this.cache.serverCircuitBreakers()
			.stream()
			.filter((circuit) -> ("127.0.0.1:" + server.port()).equals(circuit.server()))
			.findFirst()
			.orElseThrow();
	}

}
