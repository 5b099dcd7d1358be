package dev.cachette.cache.resilience;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

import org.jspecify.annotations.Nullable;

import dev.cachette.cache.CacheUnavailableException;
import dev.cachette.cache.InvalidCacheBackendException;
import dev.cachette.cache.settings.CacheSettings;

/**
 * The circuit breaker of one alias, or of one server of a multi-server alias: after
 * {@code failure-threshold} failures of the backend within {@code window} the circuit
 * opens, and calls skip the backend at once for a back-off; then one probe goes
 * (half-open): its success closes the circuit, its failure opens it again for twice the
 * back-off, up to {@code backoff-max}. What a skipped call answers is {@code BaseCache}'s
 * rule for a failed one: a miss, a {@code false}, or a {@link CacheUnavailableException}
 * for operations whose result matters.
 *
 * <p>
 * The probe runs off the request path when the breaker has one ({@code BaseCache} gives
 * its alias's breaker {@code BaseCache.ping}, and backends give their servers' breakers a
 * call to that server): the first call after the back-off starts it on the settings'
 * executor and skips the backend, as every call does until the probe has answered, so no
 * request waits for a server that may still be down. Only the probe's outcome moves the
 * breaker out of half-open. A breaker without a probe (the page cache's own, over a cache
 * of another kind) lets that first call through as the probe.
 *
 * <p>
 * Options, under {@code caches.<alias>.options.circuit-breaker}: {@code enabled} (default
 * {@code true}; {@code circuit-breaker: false} is short for it),
 * {@code failure-threshold} (5), {@code window} (10s), {@code backoff-initial} (500ms),
 * {@code backoff-max} (2s). Each back-off is shortened by a random factor of up to 20%
 * (jitter), so that the instances sharing a store do not probe it in step; it never
 * exceeds the configured value. The short defaults keep a recovered server from being
 * skipped for long: a probe costs one call's timeout at most.
 *
 * <p>
 * Failures counted are {@link CacheUnavailableException}s (unreachable, timed out); any
 * other outcome, including an exception the server answered with, is a success. A failure
 * that shows the server gone rather than slow (its connection closed or refused, see
 * {@link #trip}) opens the circuit at once, without waiting for the threshold. One
 * breaker serves the alias; multi-server backends add one per server ({@link #forServer},
 * {@code BaseCache.serverCircuitBreakers}), with the alias's settings: memcached one per
 * server of a several-server {@code location}, Redis one per replica, so a dead server's
 * calls skip it while the others keep serving. An alias whose every call goes to one of
 * its servers (memcached) has its own breaker follow theirs
 * ({@link BaseCache#circuitFollowsServers}): open while no server's circuit is closed,
 * closed as soon as one is, so that an alias with every server down skips at once and
 * serves what the revalidation flow keeps stale, as a one-server alias does.
 *
 * <p>
 * Why not Resilience4j: its {@code CircuitBreaker} (which does take a {@link Clock} and
 * an exponential random back-off through {@code waitIntervalFunctionInOpenState}) opens
 * on a failure <em>rate</em> over a sliding window that records every call, successes
 * included, and publishes an event per call when it has consumers; Cachette wants a count
 * of failures in a time window and a closed state that costs one volatile read per call,
 * since the breaker sits on the path of every cache read. This class is that state
 * machine, in about 340 lines of code (the rest is Javadoc): one file, since the alias's
 * breaker, its servers' and their probes are one set of transitions.
 *
 * <p>
 * Thread-safe. The closed state's checks ({@link #allowsCall}, {@link #success}) read one
 * volatile field; the transitions are synchronized, and happen only on failures and
 * probes.
 */
public final class CircuitBreaker {

	/** The states, in the order of the {@code cachette.circuit.state} gauge (0, 1, 2). */
	public enum State {

		/** Calls go to the backend. */
		CLOSED,

		/** One probe is on its way to the backend; the other calls skip it. */
		HALF_OPEN,

		/** Calls skip the backend until the back-off ends. */
		OPEN

	}

	private static final double JITTER = 0.2;

	/** The nested options, normalized. */
	private static final Set<String> OPTIONS = Set.of("enabled", "failurethreshold", "window", "backoffinitial",
			"backoffmax");

	private final String alias;

	private final @Nullable String server;

	private final Clock clock;

	private final Executor executor;

	private final boolean enabled;

	private final int failureThreshold;

	private final long windowMillis;

	private final long backoffInitialMillis;

	private final long backoffMaxMillis;

	private final FailureLog log;

	private final AtomicLong opened = new AtomicLong();

	private final AtomicLong halfOpened = new AtomicLong();

	private final AtomicLong closed = new AtomicLong();

	private volatile State state = State.CLOSED;

	/**
	 * The background probe; {@code null} lets the first call after the back-off probe.
	 */
	private volatile @Nullable Runnable probe;

	/** In OPEN, when the probe may go; in HALF_OPEN, when a lost probe is given up. */
	private volatile long retryAt;

	// Guarded by this.

	private int failures;

	private long windowStart;

	private long backoffMillis;

	private @Nullable RuntimeException lastFailure;

	private volatile DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

	/** The servers whose breakers this alias's follows, or {@code null}. */
	private volatile @Nullable List<CircuitBreaker> servers;

	/** For a server's breaker, the alias's breaker that follows it, or {@code null}. */
	private volatile @Nullable CircuitBreaker follower;

	private CircuitBreaker(CacheSettings settings, @Nullable String server, boolean enabled, int failureThreshold,
			Duration window, Duration backoffInitial, Duration backoffMax) {
		this.alias = settings.alias();
		this.server = server;
		this.clock = settings.clock();
		this.executor = settings.executor();
		this.enabled = enabled;
		this.failureThreshold = failureThreshold;
		this.windowMillis = window.toMillis();
		this.backoffInitialMillis = backoffInitial.toMillis();
		this.backoffMaxMillis = backoffMax.toMillis();
		this.backoffMillis = this.backoffInitialMillis;
		this.log = new FailureLog("Cache '" + this.alias + "'" + ((server != null) ? ", server " + server : ""),
				this.clock);
	}

	/**
	 * Creates the breaker an alias's options describe.
	 * @param settings the alias settings
	 * @return the breaker
	 * @throws InvalidCacheBackendException naming the option if a value is invalid
	 */
	public static CircuitBreaker of(CacheSettings settings) {
		return of(settings, null);
	}

	/**
	 * Creates the breaker of one server of a multi-server alias, with the alias's
	 * settings and a probe that calls that server alone.
	 * @param settings the alias settings
	 * @param server the server, {@code host:port}, for meters, health and logs
	 * @param probe one call to the server, run off the request path; it throws a
	 * {@link CacheUnavailableException} if the server cannot be reached
	 * @return the breaker
	 * @throws InvalidCacheBackendException naming the option if a value is invalid
	 */
	public static CircuitBreaker forServer(CacheSettings settings, String server, Runnable probe) {
		CircuitBreaker breaker = of(settings, server);
		breaker.probeWith(probe);
		return breaker;
	}

	private static CircuitBreaker of(CacheSettings settings, @Nullable String server) {
		Object option = settings.option("circuit-breaker");
		CacheSettings options = settings;
		boolean enabled = true;
		if (option instanceof Map<?, ?> map) {
			CacheSettings.Builder nested = CacheSettings.builder(settings.alias());
			map.forEach((name, value) -> {
				if (!OPTIONS.contains(CacheSettings.normalizeOptionName(name.toString()))) {
					throw new InvalidCacheBackendException("caches." + settings.alias()
							+ ".options.circuit-breaker has an unknown option '" + name
							+ "'; valid options are [backoff-initial, backoff-max, enabled, failure-threshold, window]");
				}
				nested.option("circuit-breaker." + name, value);
			});
			options = nested.build();
			enabled = options.booleanOption("circuit-breaker.enabled", true);
		}
		else if (option != null) {
			enabled = settings.booleanOption("circuit-breaker", true);
		}
		int threshold = options.intOption("circuit-breaker.failure-threshold", 5);
		Duration window = options.durationOption("circuit-breaker.window", Duration.ofSeconds(10));
		Duration initial = options.durationOption("circuit-breaker.backoff-initial", Duration.ofMillis(500));
		Duration max = options.durationOption("circuit-breaker.backoff-max", Duration.ofSeconds(2));
		if (threshold < 1) {
			throw settings.invalidOption("circuit-breaker.failure-threshold", threshold, "at least 1");
		}
		requirePositive(settings, "circuit-breaker.window", window);
		requirePositive(settings, "circuit-breaker.backoff-initial", initial);
		if (max.compareTo(initial) < 0) {
			throw settings.invalidOption("circuit-breaker.backoff-max", max,
					"at least circuit-breaker.backoff-initial (" + initial + ")");
		}
		return new CircuitBreaker(settings, server, enabled, threshold, window, initial, max);
	}

	private static void requirePositive(CacheSettings settings, String name, Duration value) {
		if (value.isNegative() || value.isZero()) {
			throw settings.invalidOption(name, value, "a positive duration such as 500ms or 10s");
		}
	}

	/**
	 * Returns the alias this breaker guards.
	 * @return the alias
	 */
	public String alias() {
		return this.alias;
	}

	/**
	 * Returns the server this breaker guards, for a multi-server alias.
	 * @return the server, or {@code null} for the alias's own breaker
	 */
	public @Nullable String server() {
		return this.server;
	}

	/**
	 * Returns the state.
	 * @return the state
	 */
	public State state() {
		return this.state;
	}

	/**
	 * Tells whether the breaker can open at all ({@code circuit-breaker.enabled}).
	 * @return whether it is enabled
	 */
	public boolean enabled() {
		return this.enabled;
	}

	/**
	 * Counts the transitions into a state since the alias was created.
	 * @param state the state entered
	 * @return how many times it was entered
	 */
	public long transitions(State state) {
		return switch (state) {
			case OPEN -> this.opened.get();
			case HALF_OPEN -> this.halfOpened.get();
			case CLOSED -> this.closed.get();
		};
	}

	/**
	 * Counts the calls that skipped the backend because the circuit was open.
	 * @return the count
	 */
	public long skippedCalls() {
		return this.log.skippedTotal();
	}

	/**
	 * Counts the calls the backend failed.
	 * @return the count
	 */
	public long failedCalls() {
		return this.log.failedTotal();
	}

	/**
	 * Sets the probe that runs off the request path once the back-off is over.
	 * @param probe one call to the backend; a {@link CacheUnavailableException} fails it,
	 * any other outcome means the backend answered
	 */
	public void probeWith(Runnable probe) {
		this.probe = probe;
	}

	/**
	 * Tells whether a call may go to the backend; when the back-off is over, starts the
	 * background probe (and skips), or, without one, lets this call probe. A caller that
	 * is allowed must report the outcome with {@link #success} or {@link #failure}.
	 * @return {@code true} to call the backend, {@code false} to skip it
	 */
	public boolean allowsCall() {
		if (this.state == State.CLOSED) {
			return true;
		}
		List<CircuitBreaker> servers = this.servers;
		if (servers != null) {
			// The servers' probes, not this breaker's, bring the alias back: a call
			// that skips them all starts those that are due.
			for (CircuitBreaker server : servers) {
				server.probeIfDue();
			}
			if (this.state == State.CLOSED) {
				return true;
			}
		}
		else if (startProbeIfDue()) {
			return true;
		}
		this.log.skipped(this.state);
		return false;
	}

	/**
	 * Once the back-off is over, starts the background probe, or tells this caller to
	 * probe when there is none.
	 * @return whether this call may go to the backend (it probes, or the circuit closed)
	 */
	private boolean startProbeIfDue() {
		if (this.clock.millis() < this.retryAt) {
			return false;
		}
		Runnable background;
		synchronized (this) {
			long now = this.clock.millis();
			if (this.state == State.CLOSED) {
				return true;
			}
			if (now < this.retryAt) {
				return false;
			}
			// A probe that never reported (its thread died, or the executor dropped it)
			// is given up after the longest back-off, and another one goes.
			this.retryAt = now + this.backoffMaxMillis;
			transition(State.HALF_OPEN, null);
			background = this.probe;
			if (background == null) {
				return true;
			}
		}
		startProbe(background);
		return false;
	}

	/** Starts this server's background probe if it is due, for its alias's breaker. */
	private void probeIfDue() {
		if (this.state != State.CLOSED && this.probe != null) {
			startProbeIfDue();
		}
	}

	private void startProbe(Runnable probe) {
		try {
			this.executor.execute(() -> runProbe(probe));
		}
		catch (RejectedExecutionException ex) {
			// Half-open until the lost-probe deadline, then another try.
		}
	}

	private void runProbe(Runnable probe) {
		try {
			probe.run();
		}
		catch (CacheUnavailableException ex) {
			this.log.failed(ex, this.state);
			synchronized (this) {
				this.lastFailure = ex;
				reopen(ex);
			}
			return;
		}
		catch (RuntimeException ex) {
			// The backend answered, if with an error: it is up.
		}
		closeAfterProbe();
	}

	/**
	 * Reports that a call reached the backend: closes a half-open circuit that has no
	 * background probe.
	 */
	public void success() {
		if (this.state != State.CLOSED && this.probe == null) {
			closeAfterProbe();
		}
	}

	private synchronized void closeAfterProbe() {
		// A call that started before the circuit opened may succeed while it is open:
		// only the probe decides.
		if (this.state == State.HALF_OPEN) {
			this.failures = 0;
			this.backoffMillis = this.backoffInitialMillis;
			transition(State.CLOSED, null);
		}
	}

	/**
	 * Reports that a call failed: counts it, and opens the circuit after the threshold,
	 * or again after a failed probe.
	 * @param failure what the backend threw
	 */
	public void failure(RuntimeException failure) {
		failed(failure, false);
	}

	/**
	 * Reports a failure that shows the backend gone rather than slow: its connection
	 * closed, or refused. A closed circuit opens at once, since the next calls would fail
	 * alike; in half-open, the probe decides as for any failure.
	 * @param failure what the backend threw, or what its client reported
	 */
	public void trip(RuntimeException failure) {
		failed(failure, true);
	}

	private void failed(RuntimeException failure, boolean atOnce) {
		this.log.failed(failure, this.state);
		if (!this.enabled || this.servers != null) {
			return;
		}
		synchronized (this) {
			this.lastFailure = failure;
			long now = this.clock.millis();
			if (this.state == State.HALF_OPEN) {
				// With a background probe, a call that started before the circuit
				// opened does not decide: the probe does.
				if (this.probe == null) {
					reopen(failure);
				}
			}
			else if (this.state == State.CLOSED) {
				if (now - this.windowStart >= this.windowMillis) {
					this.windowStart = now;
					this.failures = 0;
				}
				if (++this.failures >= this.failureThreshold || atOnce) {
					open(now, failure);
				}
			}
		}
	}

	/**
	 * Lets the next call start the probe at once, for a backend that learns its server
	 * may be back (its client reconnected): a recovered server is not skipped for the
	 * rest of the back-off.
	 */
	public synchronized void probeSoon() {
		if (this.state == State.OPEN) {
			this.retryAt = this.clock.millis();
		}
	}

	/**
	 * Makes this alias's breaker follow its servers' breakers: open while none of them is
	 * closed, closed as soon as one is, and no longer counting failures of its own (each
	 * server's breaker counts that server's). For an alias each of whose calls goes to
	 * one of the servers.
	 * @param servers the servers' breakers, made by {@link #forServer}
	 */
	public void followServers(List<CircuitBreaker> servers) {
		if (servers.isEmpty()) {
			return;
		}
		this.servers = List.copyOf(servers);
		for (CircuitBreaker server : servers) {
			server.follower = this;
		}
		serverChanged(null);
	}

	/** A server's breaker changed state: this alias's opens or closes with them. */
	private synchronized void serverChanged(@Nullable RuntimeException failure) {
		List<CircuitBreaker> servers = this.servers;
		if (servers == null) {
			return;
		}
		boolean anyClosed = servers.stream().anyMatch((server) -> server.state == State.CLOSED);
		if (failure != null) {
			this.lastFailure = failure;
		}
		if (!anyClosed && this.state == State.CLOSED) {
			// No back-off of its own: the servers' probes decide.
			this.retryAt = Long.MAX_VALUE;
			transition(State.OPEN, failure);
		}
		else if (anyClosed && this.state != State.CLOSED) {
			transition(State.CLOSED, null);
		}
	}

	/** After a failed probe: open again, for twice the back-off. Holds the lock. */
	private void reopen(RuntimeException failure) {
		if (this.state == State.HALF_OPEN) {
			this.backoffMillis = Math.min(this.backoffMaxMillis, this.backoffMillis * 2);
			open(this.clock.millis(), failure);
		}
	}

	private void open(long now, RuntimeException failure) {
		long backoff = Math.round(this.backoffMillis * (1 - JITTER * this.random.getAsDouble()));
		this.retryAt = now + Math.max(1, backoff);
		transition(State.OPEN, failure);
	}

	private void transition(State to, @Nullable RuntimeException failure) {
		State from = this.state;
		this.state = to;
		switch (to) {
			case OPEN -> this.opened.incrementAndGet();
			case HALF_OPEN -> this.halfOpened.incrementAndGet();
			case CLOSED -> this.closed.incrementAndGet();
		}
		if (this.servers != null) {
			this.log.serversTransition(to, failure);
		}
		else {
			this.log.transition(from, to, this.retryAt - this.clock.millis(), this.failures, failure);
		}
		CircuitBreaker follower = this.follower;
		if (follower != null) {
			follower.serverChanged(failure);
		}
	}

	/**
	 * Creates the exception a call whose result matters throws while the circuit is open.
	 * @return the exception, naming the alias and the last failure
	 */
	public CacheUnavailableException openException() {
		RuntimeException cause;
		synchronized (this) {
			cause = this.lastFailure;
		}
		String message = "Cache '" + this.alias + "'" + ((this.server != null) ? ", server " + this.server : "")
				+ ": the circuit is open after failures of the backend; the call" + " skipped it"
				+ ((cause != null) ? " (last failure: " + cause.getMessage() + ")" : "");
		return new CacheUnavailableException(message, (cause != null) ? cause : new IllegalStateException(message));
	}

	/** Replaces the jitter's randomness, for tests. */
	void random(DoubleSupplier random) {
		this.random = random;
	}

	@Override
	public String toString() {
		return "CircuitBreaker[alias=" + this.alias + ((this.server != null) ? ", server=" + this.server : "")
				+ ", state=" + this.state + "]";
	}

}
