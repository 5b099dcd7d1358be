package dev.cachette.cache.backend;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.cachette.cache.CacheUnavailableException;
import dev.cachette.cache.resilience.BackgroundWork;
import dev.cachette.cache.resilience.CircuitBreaker;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.fail;

/**
 * What a request sees of a server that freezes ({@code SIGSTOP}, or a proxy that stops
 * forwarding) or dies, on every network backend: each call ends within the request path's
 * {@code operation-timeout}, while background work waits for its longer
 * {@code background-timeout}; the cache works again within {@link #RECOVERY} of the
 * server's return. Each subclass runs a server of its own (or a proxy in front of a
 * shared one), which it freezes, thaws, kills and restarts.
 */
public abstract class BackendFreezeTests {

	/**
	 * What a test machine shared by parallel builds may add to a deadline: a scheduling
	 * delay, a GC pause. Far below the background timeout the tests tell apart.
	 */
	protected static final Duration SLACK = Duration.ofMillis(400);

	/** How long a recovered server may take to be used again: the goal is 2 s. */
	protected static final Duration RECOVERY = Duration.ofSeconds(3);

	private static final Duration BACKGROUND = Duration.ofMillis(800);

	private BaseCache cache;

	private BaseCache lenient;

	/**
	 * Starts the server (or proxy) this test freezes.
	 * @throws Exception if it cannot start
	 */
	protected abstract void startServer() throws Exception;

	/**
	 * Creates a cache on the server.
	 * @param settings the alias {@code frozen} with its background timeout
	 * @return the cache
	 */
	protected abstract BaseCache createCache(CacheSettings.Builder settings);

	/**
	 * The backend's default request-path deadline.
	 * @return the operation timeout
	 */
	protected abstract Duration operationTimeout();

	/**
	 * Stops the server answering, its sockets open.
	 * @throws Exception if it cannot
	 */
	protected abstract void freeze() throws Exception;

	/**
	 * Lets a frozen server answer again.
	 * @throws Exception if it cannot
	 */
	protected abstract void thaw() throws Exception;

	/**
	 * Kills the server: its connections close, new ones are refused.
	 * @throws Exception if it cannot
	 */
	protected abstract void kill() throws Exception;

	/**
	 * Brings a killed server back on the same address.
	 * @throws Exception if it cannot
	 */
	protected abstract void restart() throws Exception;

	/**
	 * Stops the server (or proxy) for good.
	 * @throws Exception if it cannot
	 */
	protected abstract void stopServer() throws Exception;

	@BeforeEach
	void start() throws Exception {
		startServer();
		CacheSettings.Builder settings = CacheSettings.builder("frozen")
			.option("background-timeout", BACKGROUND.toMillis() + "ms");
		// cache throws as a strict alias does; lenient answers as every alias does by
		// default (fail-open), each with its own circuit breaker
		this.lenient = createCache(settings);
		this.cache = createCache(settings.option("strict", true));
		this.cache.set("k", "v");
		assertThat(this.lenient.<String>get("k")).isEqualTo("v");
	}

	@AfterEach
	void stop() throws Exception {
		try {
			thaw();
			this.cache.close();
			this.lenient.close();
		}
		finally {
			stopServer();
		}
	}

	@Test
	void frozenServer_requestPathCallsEndAtTheOperationTimeout() throws Exception {
		// An alias of its own for background work, connected before the freeze: a
		// database alias's circuit opens at the first call whose connection the network
		// timeout broke.
		BaseCache unguarded = createCache(CacheSettings.builder("frozen")
			.option("background-timeout", BACKGROUND.toMillis() + "ms")
			.option("strict", true)
			.option("circuit-breaker", false));
		try {
			assertThat(unguarded.<String>get("k")).isEqualTo("v");
			frozenServer_requestPathCallsEndAtTheOperationTimeout(unguarded);
		}
		finally {
			unguarded.close();
		}
	}

	private void frozenServer_requestPathCallsEndAtTheOperationTimeout(BaseCache unguarded) throws Exception {
		freeze();
		Duration failed = elapsed(
				() -> assertThatExceptionOfType(CacheUnavailableException.class).isThrownBy(() -> this.cache.get("k"))
					.withMessageContaining("Cache 'frozen' could not get")
					.withMessageNotContaining("null"));
		assertThat(failed).isBetween(operationTimeout(), operationTimeout().plus(SLACK));
		assertThat(elapsed(() -> assertThat(this.lenient.get("k", "default")).isEqualTo("default")))
			.isLessThan(operationTimeout().plus(SLACK));
		// getOrSet: a read, the lease, the read under it, the add, the read after it and
		// the lease's release, each bounded
		assertThat(elapsed(
				() -> assertThat(this.lenient.<String>getOrSet("other", () -> "computed")).isEqualTo("computed")))
			.isLessThan(operationTimeout().multipliedBy(6).plus(SLACK));
		Duration background = elapsed(() -> assertThatExceptionOfType(CacheUnavailableException.class)
			.isThrownBy(() -> BackgroundWork.run(() -> unguarded.get("k"))));
		assertThat(background).as("background work waits for background-timeout").isGreaterThanOrEqualTo(BACKGROUND);

		thaw();
		awaitRecovery(() -> "v".equals(this.cache.get("k")));
	}

	@Test
	void killedServer_callsEndWithinTheOperationTimeout_andTheCacheRecovers() throws Exception {
		kill();
		for (int i = 0; i < 3; i++) {
			assertThat(elapsed(() -> assertThatExceptionOfType(CacheUnavailableException.class)
				.isThrownBy(() -> this.cache.get("k"))
				.withMessageContaining("Cache 'frozen' could not get")
				.withMessageNotContaining("null"))).isLessThan(operationTimeout().plus(SLACK));
		}
		assertThat(
				elapsed(() -> assertThat(this.lenient.<String>getOrSet("k", () -> "computed")).isEqualTo("computed")))
			.isLessThan(operationTimeout().multipliedBy(6).plus(SLACK));

		restart();
		awaitRecovery(() -> {
			this.cache.set("k", "back");
			return true;
		});
		assertThat(this.cache.<String>get("k")).isEqualTo("back");
	}

	@Test
	void frozenServer_onceTheCircuitIsOpen_callsTakeNoTime_andABackgroundProbeClosesItAfterTheThaw() throws Exception {
		// Short back-offs: a probe every 160 to 200 ms, each of which would have held a
		// request for the operation timeout.
		BaseCache probed = createCache(CacheSettings.builder("frozen")
			.option("circuit-breaker", java.util.Map.of("backoff-initial", "200ms", "backoff-max", "200ms")));
		try {
			// Connected before the freeze, as a running application is.
			assertThat(probed.<String>get("k")).isEqualTo("v");
			freeze();
			CircuitBreaker circuit = probed.circuitBreaker();
			long deadline = System.nanoTime() + RECOVERY.toNanos();
			while (circuit.state() == CircuitBreaker.State.CLOSED && System.nanoTime() < deadline) {
				probed.get("k");
			}
			assertThat(circuit.state()).isNotEqualTo(CircuitBreaker.State.CLOSED);
			long opensBefore = circuit.transitions(CircuitBreaker.State.HALF_OPEN);
			Duration spent = Duration.ZERO;
			long end = System.nanoTime() + Duration.ofMillis(1500).toNanos();
			while (System.nanoTime() < end) {
				spent = spent.plus(elapsed(() -> assertThat(probed.get("k", "default")).isEqualTo("default")));
				Thread.sleep(5);
			}
			assertThat(circuit.transitions(CircuitBreaker.State.HALF_OPEN) - opensBefore).as("probes")
				.isGreaterThanOrEqualTo(3);
			assertThat(spent).as("every call skipped the server, probes included")
				.isLessThan(operationTimeout().multipliedBy(2));

			thaw();
			awaitRecovery(() -> "v".equals(probed.get("k")));
			assertThat(circuit.state()).isEqualTo(CircuitBreaker.State.CLOSED);
		}
		finally {
			probed.close();
		}
	}

	/**
	 * Times a call.
	 * @param call the call
	 * @return how long it took
	 */
	protected static Duration elapsed(Runnable call) {
		long start = System.nanoTime();
		call.run();
		return Duration.ofNanos(System.nanoTime() - start);
	}

	private static void awaitRecovery(BooleanSupplier works) throws InterruptedException {
		long deadline = System.nanoTime() + RECOVERY.toNanos();
		while (System.nanoTime() < deadline) {
			try {
				if (works.getAsBoolean()) {
					return;
				}
			}
			catch (CacheUnavailableException ex) {
				// not yet
			}
			Thread.sleep(20);
		}
		fail("the cache did not work again within " + RECOVERY.toMillis() + " ms of the server's recovery");
	}

}
