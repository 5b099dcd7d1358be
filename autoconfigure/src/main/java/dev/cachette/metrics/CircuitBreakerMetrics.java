package dev.cachette.metrics;

import java.util.Locale;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.cachette.cache.resilience.CircuitBreaker;

/**
 * Binds one {@link CircuitBreaker} to Micrometer, tagged {@code cache=<alias>} and
 * {@code server}: {@code all} for the alias's own breaker, {@code host:port} for the
 * breaker of one of its servers (a memcached server, a Redis replica), plus the given
 * tags:
 * <ul>
 * <li>{@code cachette.circuit.state}, a gauge: 0 closed, 1 half-open (a probe is on its
 * way), 2 open (calls skip the backend);</li>
 * <li>{@code cachette.circuit.transitions}, a function counter with {@code state} one of
 * {@code open}, {@code half-open}, {@code closed}: how often the circuit entered it;</li>
 * <li>{@code cachette.circuit.skipped}, a function counter: calls answered without the
 * backend because the circuit was open.</li>
 * </ul>
 * Alert on {@code cachette.circuit.state > 0}; calls the backend failed are the
 * {@code outcome=failure} calls of {@code cachette.cache.latency}.
 */
final class CircuitBreakerMetrics implements MeterBinder {

	private final CircuitBreaker circuit;

	private final Iterable<Tag> tags;

	/**
	 * Creates the binder.
	 * @param circuit the alias's breaker, or one of its servers'
	 * @param tags extra tags, such as {@code cache.manager=cachette}
	 */
	CircuitBreakerMetrics(CircuitBreaker circuit, Iterable<Tag> tags) {
		this.circuit = circuit;
		this.tags = tags;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		String server = this.circuit.server();
		Tags common = Tags.of(this.tags)
			.and("cache", this.circuit.alias())
			.and("server", (server != null) ? server : "all");
		Gauge.builder("cachette.circuit.state", this.circuit, (circuit) -> circuit.state().ordinal())
			.tags(common)
			.description("The circuit breaker's state: 0 closed, 1 half-open, 2 open")
			.register(registry);
		for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
			FunctionCounter
				.builder("cachette.circuit.transitions", this.circuit, (circuit) -> circuit.transitions(state))
				.tags(common)
				.tag("state", state.name().toLowerCase(Locale.ROOT).replace('_', '-'))
				.description("Transitions of the circuit breaker into a state")
				.register(registry);
		}
		FunctionCounter.builder("cachette.circuit.skipped", this.circuit, CircuitBreaker::skippedCalls)
			.tags(common)
			.description("Calls answered without the backend because the circuit was open")
			.register(registry);
	}

}
