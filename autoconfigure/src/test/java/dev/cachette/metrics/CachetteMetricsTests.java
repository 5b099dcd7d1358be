package dev.cachette.metrics;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.cachette.cache.Cache;
import dev.cachette.cache.FakeClock;
import dev.cachette.cache.TestRemoteCache;
import dev.cachette.cache.backend.locmem.LocMemCache;
import dev.cachette.cache.revalidation.StampedeEvents;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The meters of {@link CachetteCacheMetrics}, {@link PageCacheMetrics} and
 * {@link FragmentCacheMetrics} move exactly as a scripted sequence of operations says.
 */
class CachetteMetricsTests {

	private final MeterRegistry registry = new SimpleMeterRegistry();

	/**
	 * At two entries a write culls one (2 / cull-frequency 2), as Django's locmem does.
	 */
	private final Cache cache = new LocMemCache(CacheSettings.builder("default")
		.location("metrics-" + UUID.randomUUID())
		.option("max-entries", 2)
		.option("cull-frequency", 2)
		.build());

	@AfterEach
	void close() {
		this.cache.close();
	}

	private double count(String name, String... tags) {
		return this.registry.get(name).tags(tags).functionCounter().count();
	}

	private double gauge(String name, String... tags) {
		return this.registry.get(name).tags(tags).gauge().value();
	}

	@Test
	void aliasMetersFollowAScriptedSequence() {
		CachetteCacheMetrics.monitor(this.registry, this.cache, "cache.manager", "cachette");
		assertThat(gauge("cachette.cache.hit.ratio", "cache", "default")).isNaN();
		this.cache.set("a", "A");
		this.cache.get("a");
		this.cache.get("a");
		this.cache.get("a");
		this.cache.get("nope");
		this.cache.getMany(List.of("a", "b"));
		this.cache.delete("a");
		String[] tags = { "cache", "default", "cache.manager", "cachette" };
		assertThat(count("cache.gets", merge(tags, "result", "hit"))).isEqualTo(4);
		assertThat(count("cache.gets", merge(tags, "result", "miss"))).isEqualTo(2);
		assertThat(count("cache.puts", tags)).isEqualTo(1);
		assertThat(count("cache.removals", tags)).isEqualTo(1);
		assertThat(gauge("cachette.cache.hit.ratio", tags)).isCloseTo(4.0 / 6, within(1e-12));
		this.cache.set("x", 1);
		this.cache.set("y", 2);
		this.cache.set("z", 3);
		assertThat(gauge("cache.size", tags)).isEqualTo(2);
		assertThat(count("cache.evictions", tags)).isEqualTo(1);
	}

	@Test
	void hitRatioGaugeEqualsHitsOverLookups() {
		CachetteCacheMetrics.monitor(this.registry, this.cache);
		this.cache.set("k", "v");
		for (int i = 0; i < 7; i++) {
			this.cache.get("k");
		}
		for (int i = 0; i < 3; i++) {
			this.cache.get("missing" + i);
		}
		double hits = count("cache.gets", "result", "hit");
		double misses = count("cache.gets", "result", "miss");
		assertThat(hits).isEqualTo(7);
		assertThat(misses).isEqualTo(3);
		assertThat(gauge("cachette.cache.hit.ratio")).isEqualTo(hits / (hits + misses));
	}

	@Test
	void localBackendsHaveNoLatencyTimer() {
		CachetteCacheMetrics.monitor(this.registry, this.cache);
		this.cache.get("k");
		assertThat(this.registry.find("cachette.cache.latency").timers()).isEmpty();
	}

	@Test
	void timedBackendsRecordEachServerCall() {
		TestRemoteCache remote = new TestRemoteCache(CacheSettings.builder("remote").build());
		CachetteCacheMetrics.monitor(this.registry, remote, "cache.manager", "cachette");
		remote.set("k", "v");
		remote.get("k");
		remote.get("k");
		remote.down = true;
		try {
			remote.get("k");
		}
		catch (RuntimeException ex) {
			// counted as a failed call
		}
		Timer gets = this.registry.get("cachette.cache.latency")
			.tags("cache", "remote", "operation", "get", "outcome", "success")
			.timer();
		Timer failedGets = this.registry.get("cachette.cache.latency")
			.tags("cache", "remote", "operation", "get", "outcome", "failure")
			.timer();
		Timer sets = this.registry.get("cachette.cache.latency").tags("operation", "set", "outcome", "success").timer();
		assertThat(gets.count()).isEqualTo(2);
		assertThat(failedGets.count()).isEqualTo(1);
		assertThat(sets.count()).isEqualTo(1);
		// Fail-open: the failed read answered a miss.
		assertThat(count("cache.gets", "cache", "remote", "result", "miss")).isEqualTo(1);
	}

	@Test
	void circuitMetersFollowTheBreaker() {
		FakeClock clock = new FakeClock();
		TestRemoteCache remote = new TestRemoteCache(CacheSettings.builder("remote")
			.clock(clock)
			.executor(Runnable::run)
			.option("circuit-breaker", java.util.Map.of("failure-threshold", 2, "backoff-initial", "1s"))
			.build());
		new CircuitBreakerMetrics(remote.circuitBreaker(), Tags.of("cache.manager", "cachette")).bindTo(this.registry);
		assertThat(gauge("cachette.circuit.state", "cache", "remote")).isZero();
		remote.down = true;
		remote.get("k");
		remote.get("k");
		remote.get("k");
		assertThat(gauge("cachette.circuit.state", "cache", "remote")).isEqualTo(2);
		assertThat(count("cachette.circuit.transitions", "cache", "remote", "state", "open")).isEqualTo(1);
		assertThat(count("cachette.circuit.skipped", "cache", "remote", "cache.manager", "cachette")).isEqualTo(1);
		remote.down = false;
		clock.advance(Duration.ofSeconds(1));
		remote.get("k");
		assertThat(gauge("cachette.circuit.state", "cache", "remote")).isZero();
		assertThat(count("cachette.circuit.transitions", "cache", "remote", "state", "half-open")).isEqualTo(1);
		assertThat(count("cachette.circuit.transitions", "cache", "remote", "state", "closed")).isEqualTo(1);
	}

	@Test
	void pageMetersBindThePageCacheCounts() {
		dev.cachette.web.PageCacheStatistics statistics = new dev.cachette.web.PageCacheStatistics();
		new PageCacheMetrics(statistics, Tags.empty()).bindTo(this.registry);
		assertThat(count("cachette.page.requests", "result", "hit")).isZero();
		assertThat(gauge("cachette.page.hit.ratio")).isNaN();
		assertThat(this.registry.find("cachette.page.not.cacheable").functionCounters())
			.extracting((counter) -> counter.getId().getTag("reason"))
			.containsExactlyInAnyOrderElementsOf(PageCacheMetrics.REASONS);
		assertThat(count("cachette.page.failures")).isZero();
		assertThat(count("cachette.page.coalesced.waits")).isZero();
		assertThat(count("cachette.page.stale.served", "reason", "revalidate")).isZero();
		assertThat(count("cachette.page.stale.served", "reason", "error")).isZero();
	}

	@Test
	void fragmentMetersAppearPerFragmentName() {
		FragmentCacheStatistics statistics = new FragmentCacheStatistics();
		statistics.miss("sidebar");
		new FragmentCacheMetrics(statistics, Tags.empty()).bindTo(this.registry);
		statistics.hit("sidebar");
		statistics.hit("sidebar");
		statistics.miss("footer");
		statistics.hit("footer");
		assertThat(count("cachette.fragment.requests", "fragment", "sidebar", "result", "hit")).isEqualTo(2);
		assertThat(count("cachette.fragment.requests", "fragment", "sidebar", "result", "miss")).isEqualTo(1);
		assertThat(count("cachette.fragment.requests", "fragment", "footer", "result", "hit")).isEqualTo(1);
		assertThat(count("cachette.fragment.requests", "fragment", "footer", "result", "miss")).isEqualTo(1);
		assertThat(gauge("cachette.fragment.hit.ratio")).isEqualTo(3.0 / 5);
		StampedeEvents.coalescedWaits(statistics.stampede(), 1);
		StampedeEvents.staleServes(statistics.stampede(), 1);
		StampedeEvents.staleIfErrorServes(statistics.stampede(), 1);
		assertThat(count("cachette.fragment.coalesced.waits")).isEqualTo(1);
		assertThat(count("cachette.fragment.stale.served")).isEqualTo(2);
		assertThat(this.registry.find("cachette.fragment.requests").functionCounters()).hasSize(4)
			.allMatch((FunctionCounter counter) -> counter.getId().getTag("fragment") != null);
	}

	private static String[] merge(String[] tags, String... more) {
		String[] merged = new String[tags.length + more.length];
		System.arraycopy(tags, 0, merged, 0, tags.length);
		System.arraycopy(more, 0, merged, tags.length, more.length);
		return merged;
	}

}
