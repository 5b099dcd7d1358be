package dev.cachette.actuate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import dev.cachette.cache.Cache;
import dev.cachette.cache.backend.BaseCache;
import dev.cachette.cache.resilience.CircuitBreaker;

/**
 * The health of one alias: a timed {@link BaseCache#ping() ping} of its backend (one
 * presence check of a reserved key, which a backend may replace by its server's own
 * {@code PING}), plus the state of its {@link CircuitBreaker}. UP with the round-trip
 * time when it answers within the timeout and the circuit is closed. When it does not
 * answer, or the circuit is not closed, the alias is {@link #DEGRADED} with the error (or
 * {@code timeout}) and the {@code circuit} state: the application still serves every
 * request, uncached, since the alias fails open. Only a {@link BaseCache#isStrict()
 * strict} alias, whose failures do fail requests, and a cache that does not extend
 * {@code BaseCache} (checked with {@link Cache#hasKey}) are DOWN then. An alias with
 * breakers per server (memcached servers, Redis replicas) lists their states under
 * {@code servers}, and is DEGRADED while one of them is not closed.
 *
 * <p>
 * Why a status of its own rather than DOWN: DOWN makes the aggregate health DOWN and the
 * health endpoint answer 503, so a load balancer or an orchestrator would take a healthy
 * application out, or restart it, for a sick cache it can live without. Spring Boot's
 * default aggregation leaves statuses it does not know out of the aggregate (the
 * application stays UP, or DOWN for another reason) and answers 200 for them, while the
 * alias's own entry says {@code DEGRADED}. To let it count, add it to the order, for
 * instance
 * {@code management.endpoint.health.status.order=down,out-of-service,degraded,up,unknown}.
 */
public class CacheHealthIndicator implements HealthIndicator {

	/** An alias whose backend fails while the application carries on without it. */
	public static final Status DEGRADED = new Status("DEGRADED",
			"The cache backend fails; requests are served uncached");

	private static final Executor PINGS = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "cachette-health");
		thread.setDaemon(true);
		return thread;
	});

	private final Cache cache;

	private final Duration timeout;

	/**
	 * Creates the indicator.
	 * @param cache the alias
	 * @param timeout how long a ping may take before the alias is DOWN
	 */
	public CacheHealthIndicator(Cache cache, Duration timeout) {
		this.cache = cache;
		this.timeout = timeout;
	}

	@Override
	public Health health() {
		Health.Builder builder = new Health.Builder().withDetail("backend", backend());
		long start = System.nanoTime();
		CompletableFuture<Void> ping = CompletableFuture.runAsync(this::ping, PINGS);
		CircuitBreaker circuit = (this.cache instanceof BaseCache base) ? base.circuitBreaker() : null;
		List<CircuitBreaker> servers = (this.cache instanceof BaseCache base) ? base.serverCircuitBreakers()
				: List.of();
		if (circuit != null) {
			builder.withDetail("circuit", name(circuit.state()));
		}
		Map<String, String> serverStates = new LinkedHashMap<>();
		servers.forEach((server) -> serverStates.put(String.valueOf(server.server()), name(server.state())));
		if (!serverStates.isEmpty()) {
			builder.withDetail("servers", serverStates);
		}
		boolean closed = (circuit == null || circuit.state() == CircuitBreaker.State.CLOSED)
				&& servers.stream().allMatch((server) -> server.state() == CircuitBreaker.State.CLOSED);
		try {
			ping.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			builder.withDetail("time", elapsed(start));
			return (closed ? builder.up() : builder.status(DEGRADED)).build();
		}
		catch (TimeoutException ex) {
			ping.cancel(true);
			return failing(builder).withDetail("error", "timeout after " + this.timeout.toMillis() + " ms").build();
		}
		catch (ExecutionException ex) {
			return failing(builder).withException(ex.getCause()).withDetail("time", elapsed(start)).build();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return builder.unknown().build();
		}
	}

	/**
	 * DEGRADED for an alias that fails open, DOWN for one whose failures fail requests.
	 */
	private Health.Builder failing(Health.Builder builder) {
		boolean failsOpen = this.cache instanceof BaseCache base && !base.isStrict();
		return failsOpen ? builder.status(DEGRADED) : builder.down();
	}

	private void ping() {
		if (this.cache instanceof BaseCache base) {
			base.ping();
		}
		else {
			this.cache.hasKey("cachette:ping");
		}
	}

	private String backend() {
		return (this.cache instanceof BaseCache base) ? base.settings().backend() : this.cache.getClass().getName();
	}

	private static String name(CircuitBreaker.State state) {
		return state.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	private static String elapsed(long start) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms";
	}

}
