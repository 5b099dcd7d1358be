package dev.cachette.cache.resilience;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheException;
import dev.cachette.cache.CacheKeyNotFoundException;
import dev.cachette.cache.CacheUnavailableException;
import dev.cachette.cache.FakeClock;
import dev.cachette.cache.InvalidCacheBackendException;
import dev.cachette.cache.TestRemoteCache;
import dev.cachette.cache.resilience.CircuitBreaker.State;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link CircuitBreaker} on an alias: opens after the threshold, skips the
 * backend while open (no call reaches it), probes once after the back-off, off the
 * request path, closes on a successful probe and opens again for twice the back-off on a
 * failed one. Time moves on a {@link FakeClock}; probes wait in {@link #probes} until the
 * test runs them.
 */
class CircuitBreakerTests {

	private final FakeClock clock = new FakeClock();

	private final Deque<Runnable> probes = new ArrayDeque<>();

	private TestRemoteCache cache(Map<String, Object> breaker) {
		return new TestRemoteCache(CacheSettings.builder("remote")
			.clock(this.clock)
			.executor(this.probes::add)
			.option("circuit-breaker", breaker)
			.build());
	}

	/** Opens the circuit, waits out the back-off and starts the probe. */
	private CircuitBreaker halfOpen(TestRemoteCache cache) {
		cache.down = true;
		failTimes(cache, 3);
		this.clock.advance(Duration.ofSeconds(1));
		CircuitBreaker circuit = cache.circuitBreaker();
		assertThat(circuit.allowsCall()).isFalse();
		assertThat(circuit.state()).isEqualTo(State.HALF_OPEN);
		return circuit;
	}

	/** Runs the probes started so far, as the executor would. */
	private void runProbes() {
		while (!this.probes.isEmpty()) {
			this.probes.poll().run();
		}
	}

	private TestRemoteCache cache() {
		return cache(Map.of("failure-threshold", 3, "window", "10s", "backoff-initial", "1s", "backoff-max", "4s"));
	}

	private static void failTimes(Cache cache, int times) {
		for (int i = 0; i < times; i++) {
			cache.get("k");
		}
	}

	@Test
	void opensAfterTheThreshold_andSkipsTheBackendWhileOpen() {
		TestRemoteCache cache = cache();
		cache.down = true;
		failTimes(cache, 2);
		assertThat(cache.circuitBreaker().state()).isEqualTo(State.CLOSED);
		failTimes(cache, 1);
		assertThat(cache.circuitBreaker().state()).isEqualTo(State.OPEN);
		assertThat(cache.calls.get()).isEqualTo(3);
		// Open: nothing reaches the server, whatever the operation.
		assertThat(cache.<String>get("k", "default")).isEqualTo("default");
		cache.set("k", "v");
		assertThat(cache.delete("k")).isFalse();
		assertThat(cache.getOrSet("k", () -> "computed")).isEqualTo("computed");
		assertThatExceptionOfType(CacheUnavailableException.class).isThrownBy(() -> cache.incr("k"))
			.withMessageContaining("Cache 'remote': the circuit is open")
			.withMessageContaining("Connection refused");
		assertThat(cache.calls.get()).isEqualTo(3);
		// getOrSet skips six primitives: read, the lease (on by default for a remote
		// store), read again under it, add, read back, the lease's release.
		assertThat(cache.circuitBreaker().skippedCalls()).isEqualTo(10);
		assertThat(cache.circuitBreaker().failedCalls()).isEqualTo(3);
	}

	@Test
	void failuresOutsideTheWindow_doNotOpen() {
		TestRemoteCache cache = cache();
		cache.down = true;
		failTimes(cache, 2);
		this.clock.advance(Duration.ofSeconds(10));
		failTimes(cache, 2);
		assertThat(cache.circuitBreaker().state()).isEqualTo(State.CLOSED);
		failTimes(cache, 1);
		assertThat(cache.circuitBreaker().state()).isEqualTo(State.OPEN);
	}

	@Test
	void probeAfterTheBackoff_closesOnSuccess() {
		TestRemoteCache cache = cache();
		cache.down = true;
		failTimes(cache, 3);
		cache.down = false;
		cache.get("k");
		assertThat(cache.calls.get()).as("still within the back-off").isEqualTo(3);
		this.clock.advance(Duration.ofSeconds(1));
		cache.set("k", "skipped");
		assertThat(cache.calls.get()).as("the request skips while the probe is on its way").isEqualTo(3);
		assertThat(cache.circuitBreaker().state()).isEqualTo(State.HALF_OPEN);
		runProbes();
		assertThat(cache.calls.get()).as("the probe").isEqualTo(4);
		assertThat(cache.circuitBreaker().state()).isEqualTo(State.CLOSED);
		cache.set("k", "back");
		assertThat(cache.<String>get("k")).isEqualTo("back");
		assertThat(cache.circuitBreaker().transitions(State.OPEN)).isEqualTo(1);
		assertThat(cache.circuitBreaker().transitions(State.HALF_OPEN)).isEqualTo(1);
		assertThat(cache.circuitBreaker().transitions(State.CLOSED)).isEqualTo(1);
	}

	@Test
	void onlyOneProbe_whileHalfOpen() {
		TestRemoteCache cache = cache();
		CircuitBreaker circuit = halfOpen(cache);
		assertThat(circuit.allowsCall()).isFalse();
		cache.get("k");
		assertThat(cache.calls.get()).isEqualTo(3);
		assertThat(this.probes).hasSize(1);
		// A probe that never reports is given up after backoff-max, and another goes.
		this.probes.clear();
		this.clock.advance(Duration.ofSeconds(4));
		assertThat(circuit.allowsCall()).isFalse();
		assertThat(this.probes).hasSize(1);
	}

	@Test
	void callsThatStartedBeforeTheOpening_doNotDecide_theProbeDoes() {
		TestRemoteCache cache = cache();
		CircuitBreaker circuit = halfOpen(cache);
		circuit.success();
		circuit.failure(new CacheUnavailableException("late", new java.net.ConnectException()));
		assertThat(circuit.state()).isEqualTo(State.HALF_OPEN);
		cache.down = false;
		runProbes();
		assertThat(circuit.state()).isEqualTo(State.CLOSED);
	}

	@Test
	void withoutABackgroundProbe_theFirstCallAfterTheBackoffProbes() {
		CircuitBreaker circuit = CircuitBreaker.of(CacheSettings.builder("page")
			.clock(this.clock)
			.option("circuit-breaker", Map.of("failure-threshold", 1))
			.build());
		circuit.failure(new CacheUnavailableException("down", new java.net.ConnectException()));
		assertThat(circuit.allowsCall()).isFalse();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(circuit.allowsCall()).isTrue();
		assertThat(circuit.allowsCall()).isFalse();
		circuit.success();
		assertThat(circuit.state()).isEqualTo(State.CLOSED);
	}

	@Test
	void failedProbe_reopensWithTwiceTheBackoff_cappedAtTheMax() {
		TestRemoteCache cache = cache();
		cache.down = true;
		failTimes(cache, 3);
		this.clock.advance(Duration.ofSeconds(1));
		cache.get("k");
		runProbes();
		assertThat(cache.calls.get()).as("the failed probe").isEqualTo(4);
		assertThat(cache.circuitBreaker().state()).isEqualTo(State.OPEN);
		// 2 s now, shortened by at most 20% of jitter: 1 s is not enough, 2 s is.
		this.clock.advance(Duration.ofSeconds(1));
		cache.get("k");
		assertThat(cache.calls.get()).isEqualTo(4);
		this.clock.advance(Duration.ofSeconds(1));
		cache.get("k");
		runProbes();
		assertThat(cache.calls.get()).isEqualTo(5);
		// 4 s, then capped at 4 s.
		this.clock.advance(Duration.ofSeconds(4));
		cache.get("k");
		runProbes();
		assertThat(cache.calls.get()).isEqualTo(6);
		this.clock.advance(Duration.ofSeconds(4));
		cache.get("k");
		runProbes();
		assertThat(cache.calls.get()).isEqualTo(7);
		// Closing resets the back-off to its initial value.
		cache.down = false;
		this.clock.advance(Duration.ofSeconds(4));
		cache.get("k");
		runProbes();
		assertThat(cache.circuitBreaker().state()).isEqualTo(State.CLOSED);
		cache.down = true;
		failTimes(cache, 3);
		this.clock.advance(Duration.ofSeconds(1));
		cache.get("k");
		runProbes();
		assertThat(cache.calls.get()).as("probe after the initial back-off again").isEqualTo(12);
	}

	@Test
	void jitter_shortensTheBackoffByAtMostAFifth() {
		TestRemoteCache cache = cache();
		cache.circuitBreaker().random(() -> 0.999);
		cache.down = true;
		failTimes(cache, 3);
		this.clock.advance(Duration.ofMillis(799));
		cache.get("k");
		assertThat(cache.calls.get()).isEqualTo(3);
		this.clock.advance(Duration.ofMillis(2));
		cache.get("k");
		runProbes();
		assertThat(cache.calls.get()).isEqualTo(4);
	}

	@Test
	void anAnswerOtherThanUnavailability_isASuccess() {
		TestRemoteCache cache = cache();
		// The server answers that the key is missing: it is up.
		for (int i = 0; i < 3; i++) {
			assertThatExceptionOfType(CacheKeyNotFoundException.class).isThrownBy(() -> cache.incr("missing"));
		}
		assertThat(cache.circuitBreaker().state()).isEqualTo(State.CLOSED);
		// So is a probe that meets an error the server answered with.
		CircuitBreaker server = CircuitBreaker.forServer(CacheSettings.builder("remote")
			.clock(this.clock)
			.executor(this.probes::add)
			.option("circuit-breaker", Map.of("failure-threshold", 1))
			.build(), "test-server:2", () -> {
				throw new CacheException("ERR unknown command");
			});
		server.failure(new CacheUnavailableException("down", new java.net.ConnectException()));
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(server.allowsCall()).isFalse();
		runProbes();
		assertThat(server.state()).isEqualTo(State.CLOSED);
		assertThat(server.server()).isEqualTo("test-server:2");
	}

	@Test
	void versionViews_shareTheAliasBreaker() {
		TestRemoteCache cache = cache();
		cache.down = true;
		failTimes(cache.withVersion(2), 3);
		assertThat(cache.circuitBreaker().state()).isEqualTo(State.OPEN);
		cache.get("k");
		assertThat(cache.calls.get()).isEqualTo(3);
	}

	@Test
	void disabled_neverOpens() {
		TestRemoteCache cache = cache(Map.of("enabled", false));
		cache.down = true;
		failTimes(cache, 50);
		assertThat(cache.circuitBreaker().state()).isEqualTo(State.CLOSED);
		assertThat(cache.calls.get()).isEqualTo(50);
		assertThat(new TestRemoteCache(CacheSettings.builder("off").option("circuit-breaker", false).build())
			.circuitBreaker()
			.enabled()).isFalse();
	}

	@Test
	void defaults_openAfterFiveFailures() {
		TestRemoteCache cache = new TestRemoteCache(
				CacheSettings.builder("remote").clock(this.clock).executor(this.probes::add).build());
		cache.down = true;
		failTimes(cache, 10);
		assertThat(cache.calls.get()).isEqualTo(5);
		this.clock.advance(Duration.ofMillis(500));
		cache.get("k");
		runProbes();
		assertThat(cache.calls.get()).isEqualTo(6);
	}

	@Test
	void trip_opensAClosedCircuitAtOnce_andTheProbeDecidesAsAfterTheThreshold() {
		TestRemoteCache cache = cache();
		CircuitBreaker circuit = cache.circuitBreaker();
		circuit.trip(new CacheUnavailableException("connection refused", new java.net.ConnectException()));
		assertThat(circuit.state()).isEqualTo(State.OPEN);
		assertThat(circuit.failedCalls()).isOne();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(circuit.allowsCall()).isFalse();
		runProbes();
		assertThat(circuit.state()).isEqualTo(State.CLOSED);
	}

	@Test
	void whileOpen_theStoresStatisticsAreUnknown_withoutAskingIt() {
		TestRemoteCache cache = cache();
		assertThat(cache.statistics().size()).isZero();
		cache.down = true;
		failTimes(cache, 3);
		assertThat(cache.statistics().size()).isNull();
		assertThat(cache.statistics().evictions()).isNull();
	}

	@Test
	void probeSoon_letsTheNextCallProbeBeforeTheBackoffEnds() {
		TestRemoteCache cache = cache();
		CircuitBreaker circuit = cache.circuitBreaker();
		circuit.trip(new CacheUnavailableException("connection closed", new java.io.IOException()));
		assertThat(circuit.allowsCall()).isFalse();
		assertThat(this.probes).isEmpty();
		circuit.probeSoon();
		assertThat(circuit.allowsCall()).isFalse();
		assertThat(circuit.state()).isEqualTo(State.HALF_OPEN);
		runProbes();
		assertThat(circuit.state()).isEqualTo(State.CLOSED);
	}

	@Test
	void anAliasFollowingItsServers_isOpenWhileEveryServerIs_andClosesWithTheFirstBack() {
		CacheSettings settings = CacheSettings.builder("sharded")
			.clock(this.clock)
			.executor(this.probes::add)
			.option("circuit-breaker", Map.of("backoff-initial", "1s", "backoff-max", "1s"))
			.build();
		java.util.concurrent.atomic.AtomicBoolean firstUp = new java.util.concurrent.atomic.AtomicBoolean();
		CircuitBreaker first = CircuitBreaker.forServer(settings, "first:1", () -> {
			if (!firstUp.get()) {
				throw new CacheUnavailableException("down", new java.io.IOException());
			}
		});
		CircuitBreaker second = CircuitBreaker.forServer(settings, "second:1", () -> {
			throw new CacheUnavailableException("down", new java.io.IOException());
		});
		CircuitBreaker alias = CircuitBreaker.of(settings);
		alias.probeWith(() -> {
			throw new AssertionError("the servers' probes decide, not the alias's");
		});
		alias.followServers(java.util.List.of(first, second));
		CacheUnavailableException failure = new CacheUnavailableException("down", new java.io.IOException());
		alias.failure(failure);
		assertThat(alias.state()).as("no failures of its own").isEqualTo(State.CLOSED);
		first.trip(failure);
		assertThat(alias.state()).as("one server still serves").isEqualTo(State.CLOSED);
		second.trip(failure);
		assertThat(alias.state()).isEqualTo(State.OPEN);
		assertThat(alias.allowsCall()).isFalse();
		assertThat(alias.openException()).hasMessageContaining("Cache 'sharded': the circuit is open");

		// Past the servers' back-off, a call that skips them starts their probes.
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(alias.allowsCall()).isFalse();
		assertThat(this.probes).hasSize(2);
		runProbes();
		assertThat(alias.state()).as("both probes failed").isEqualTo(State.OPEN);
		firstUp.set(true);
		this.clock.advance(Duration.ofSeconds(1));
		alias.allowsCall();
		runProbes();
		assertThat(first.state()).isEqualTo(State.CLOSED);
		assertThat(alias.state()).isEqualTo(State.CLOSED);
		assertThat(alias.allowsCall()).isTrue();
		assertThat(alias.transitions(State.OPEN)).isOne();
		assertThat(alias.transitions(State.CLOSED)).isOne();
	}

	@Test
	void localBackends_haveNoBreaker() {
		assertThat(new dev.cachette.cache.backend.locmem.LocMemCache(CacheSettings.builder("local").build())
			.circuitBreaker()).isNull();
	}

	@Test
	void invalidOptions_failNamingAliasAndOption() {
		assertThatExceptionOfType(InvalidCacheBackendException.class).isThrownBy(() -> cache(Map.of("window", "0s")))
			.withMessageContaining("caches.remote.options.circuit-breaker.window must be a positive duration");
		assertThatExceptionOfType(InvalidCacheBackendException.class)
			.isThrownBy(() -> cache(Map.of("failure-threshold", 0)))
			.withMessageContaining("circuit-breaker.failure-threshold must be at least 1");
		assertThatExceptionOfType(InvalidCacheBackendException.class)
			.isThrownBy(() -> cache(Map.of("backoff-initial", "5s", "backoff-max", "1s")))
			.withMessageContaining("circuit-breaker.backoff-max must be at least circuit-breaker.backoff-initial");
		assertThatExceptionOfType(InvalidCacheBackendException.class).isThrownBy(() -> cache(Map.of("treshold", 3)))
			.withMessageContaining("caches.remote.options.circuit-breaker has an unknown option 'treshold'");
	}

}
