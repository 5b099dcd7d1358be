package dev.cachette.autoconfigure;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;

import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheLock;
import dev.cachette.cache.Caches;
import dev.cachette.cache.FakeClock;
import dev.cachette.cache.Refresh;
import dev.cachette.metrics.FragmentCacheStatistics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wiring of {@link CachetteMetricsAutoConfiguration}: meters in Spring Boot's registry,
 * and the back-off without Micrometer or without caches.
 */
class CachetteMetricsAutoConfigurationTests {

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(CachetteAutoConfiguration.class,
			CachetteMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
			CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class);

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
		.withPropertyValues("caches.default.location=metrics-autoconfig-tests",
				"caches.local.location=metrics-autoconfig-local");

	@Test
	void aliasMetersAreInBootsRegistry() {
		this.runner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			Cache cache = context.getBean(Caches.class).get("local");
			cache.set("k", "v");
			cache.get("k");
			cache.get("k");
			cache.get("missing");
			assertThat(registry.get("cache.gets")
				.tags("cache", "local", "cache.manager", "cachette", "result", "hit")
				.functionCounter()
				.count()).isEqualTo(2);
			assertThat(registry.get("cache.gets")
				.tags("cache", "local", "cache.manager", "cachette", "result", "miss")
				.functionCounter()
				.count()).isEqualTo(1);
			assertThat(registry.get("cachette.cache.hit.ratio").tags("cache", "local").gauge().value())
				.isEqualTo(2.0 / 3);
			assertThat(registry.find("cache.gets").tags("cache", "default").functionCounters()).hasSize(2);
			assertThat(registry.find("cachette.fragment.hit.ratio").gauge()).isNotNull();
		});
	}

	@Test
	void stampedeMetersCountAScriptedSequenceExactly() {
		FakeClock clock = new FakeClock();
		Duration timeout = Duration.ofSeconds(10);
		this.runner
			.withPropertyValues("caches.default.location=stampede-meters", "caches.default.options.lease=30s",
					"caches.default.options.lock-timeout=50ms", "caches.local.location=stampede-meters",
					"caches.local.options.lease=30s")
			.withBean(CacheSettingsCustomizer.class, () -> (settings) -> settings.clock(clock).executor(Runnable::run))
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				Caches caches = context.getBean(Caches.class);
				Cache cache = caches.get("default");
				Cache otherInstance = caches.get("local");
				// coalesced-wait + lock-timeout: a second lock of a held key, and its
				// timed-out wait
				try (CacheLock held = cache.lock("k"); CacheLock waiter = cache.lock("k")) {
					assertThat(waiter.awaitRelease()).isFalse();
					// lease-wait: another instance on the same store finds the lease
					// taken
					try (CacheLock elsewhere = otherInstance.lock("k")) {
						assertThat(elsewhere.acquired()).isFalse();
					}
				}
				// stale-served twice, one background refresh failing (refresh-failure)
				Refresh grace = Refresh.staleWhileRevalidate(Duration.ofMinutes(1)).earlyRecompute(0);
				cache.getOrSet("swr", timeout, () -> "v1", grace);
				clock.advance(timeout);
				assertThat(cache.<String>getOrSet("swr", timeout, () -> {
					throw new IllegalStateException("down");
				}, grace)).isEqualTo("v1");
				assertThat(cache.<String>getOrSet("swr", timeout, () -> "v2", grace)).isEqualTo("v1");
				// stale-if-error
				Refresh ifError = Refresh.defaults().staleIfError(Duration.ofMinutes(1)).earlyRecompute(0);
				cache.getOrSet("sie", timeout, () -> "v1", ifError);
				clock.advance(timeout);
				assertThat(cache.<String>getOrSet("sie", timeout, () -> {
					throw new IllegalStateException("down");
				}, ifError)).isEqualTo("v1");
				// early-recompute: a measured compute time and an enormous beta
				Refresh early = Refresh.defaults().earlyRecompute(1e12);
				cache.getOrSet("early", timeout, () -> {
					clock.advance(Duration.ofMillis(5));
					return "v1";
				}, early);
				assertThat(cache.<String>getOrSet("early", timeout, () -> "v2", early)).isEqualTo("v1");
				assertThat(stampede(registry, "default", "coalesced-wait")).isEqualTo(1);
				assertThat(stampede(registry, "default", "lock-timeout")).isEqualTo(1);
				assertThat(stampede(registry, "local", "lease-wait")).isEqualTo(1);
				assertThat(stampede(registry, "default", "lease-wait")).isZero();
				assertThat(stampede(registry, "default", "stale-served")).isEqualTo(2);
				assertThat(stampede(registry, "default", "refresh-failure")).isEqualTo(1);
				assertThat(stampede(registry, "default", "stale-if-error")).isEqualTo(1);
				assertThat(stampede(registry, "default", "early-recompute")).isEqualTo(1);
				assertThat(registry.find("cache.stampede").tags("cache", "local").functionCounters()).hasSize(7);
			});
	}

	private static double stampede(MeterRegistry registry, String alias, String event) {
		return registry.get("cache.stampede")
			.tags("cache", alias, "cache.manager", "cachette", "event", event)
			.functionCounter()
			.count();
	}

	@Test
	void withThePageCache_pageMetersCountItsStatistics() {
		new WebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withConfiguration(AutoConfigurations.of(WebMvcAutoConfiguration.class, CachetteWebAutoConfiguration.class))
			.withPropertyValues("caches.default.location=metrics-autoconfig-pages")
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("cachette.page.requests").tags("result", "miss").functionCounter().count())
					.isZero();
				assertThat(registry.find("cachette.page.hit.ratio").gauge()).isNotNull();
			});
	}

	@Test
	void notAWebApplication_noPageMeters() {
		this.runner.run((context) -> assertThat(
				context.getBean(MeterRegistry.class).find("cachette.page.requests").functionCounters())
			.isEmpty());
	}

	@Test
	void backsOffWithoutMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader("io.micrometer")).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(MeterBinder.class);
			assertThat(context).hasSingleBean(FragmentCacheStatistics.class);
		});
	}

	@Test
	void nothingWithoutCaches() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(CachetteMetricsAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(FragmentCacheStatistics.class);
				assertThat(context).doesNotHaveBean(MeterBinder.class);
			});
	}

}
