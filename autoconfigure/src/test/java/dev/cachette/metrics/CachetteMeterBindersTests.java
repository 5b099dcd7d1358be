package dev.cachette.metrics;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.cachette.cache.Caches;
import dev.cachette.cache.TestRemoteCache;
import dev.cachette.cache.backend.locmem.LocMemCache;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which aliases and layers {@link CachetteMeterBinders} binds: the meters themselves are
 * {@link CachetteMetricsTests}'.
 */
class CachetteMeterBindersTests {

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final LocMemCache local = new LocMemCache(
			CacheSettings.builder("local").location("binders-" + UUID.randomUUID()).build());

	private final TestRemoteCache remote = new TestRemoteCache(CacheSettings.builder("remote")
		.option("circuit-breaker", Map.of("failure-threshold", 2, "backoff-initial", "1s"))
		.build());

	private final Caches caches = new Caches(Map.of("local", this.local, "remote", this.remote));

	@AfterEach
	void close() {
		this.local.close();
		this.remote.close();
	}

	/** The {@code cache} tags of the meters of that name. */
	private Set<String> aliasesWith(String meter) {
		return this.registry.find(meter)
			.meters()
			.stream()
			.map((found) -> found.getId().getTag("cache"))
			.collect(Collectors.toSet());
	}

	@Test
	void circuitBreakers_onlyTheAliasesWithABreaker() {
		CachetteMeterBinders.circuitBreakers(this.caches, Tags.empty()).bindTo(this.registry);
		assertThat(aliasesWith("cachette.circuit.state")).containsExactly("remote");
	}

	@Test
	void stampede_everyAliasExtendingBaseCache_withTheGivenTags() {
		CachetteMeterBinders.stampede(this.caches, Tags.of("cache.manager", "cachette")).bindTo(this.registry);
		assertThat(aliasesWith("cache.stampede")).containsExactlyInAnyOrder("local", "remote");
		assertThat(this.registry.find("cache.stampede").tag("cache.manager", "cachette").functionCounters())
			.hasSize(14);
	}

	@Test
	void caches_everyAlias() {
		CachetteMeterBinders.caches(this.caches, Tags.empty()).bindTo(this.registry);
		assertThat(aliasesWith("cache.gets")).containsExactlyInAnyOrder("local", "remote");
	}

	@Test
	void pages_withoutAPageCache_bindNothing() {
		CachetteMeterBinders.pages(() -> null, Tags.empty()).bindTo(this.registry);
		assertThat(this.registry.getMeters()).isEmpty();
	}

}
