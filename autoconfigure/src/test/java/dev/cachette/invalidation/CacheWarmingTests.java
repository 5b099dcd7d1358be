package dev.cachette.invalidation;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.cachette.autoconfigure.CachetteAutoConfiguration;
import dev.cachette.autoconfigure.CachetteInvalidationAutoConfiguration;
import dev.cachette.cache.Cache;
import dev.cachette.cache.Caches;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cache warming: the warmers run once the application is ready, on a thread of their own,
 * each failure on its own, and not at all when turned off.
 */
class CacheWarmingTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(CachetteAutoConfiguration.class, CachetteInvalidationAutoConfiguration.class))
		.withUserConfiguration(WarmersConfiguration.class)
		.withPropertyValues("caches.default.location=warming-" + UUID.randomUUID());

	@Test
	void warmersRunAfterTheApplicationIsReady_offTheCallersThread() {
		this.runner.run((context) -> {
			Cache cache = context.getBean(Caches.class).defaultCache();
			assertThat(cache.<String>get("popular")).as("nothing runs before the ready event").isNull();

			ready(context);
			CacheWarming warming = context.getBean(CacheWarming.class);
			warming.completion().get(10, TimeUnit.SECONDS);

			assertThat(cache.<String>get("popular")).isEqualTo("warm");
			assertThat(cache.<String>get("thread")).isEqualTo("cachette-warming");
			assertThat(cache.<String>get("after-failure")).as("a failure does not stop the others").isEqualTo("warm");
			assertThat(warming.failures()).isEqualTo(1);
		});
	}

	@Test
	void aSecondReadyEvent_doesNotWarmAgain() {
		this.runner.run((context) -> {
			ready(context);
			CacheWarming warming = context.getBean(CacheWarming.class);
			warming.completion().get(10, TimeUnit.SECONDS);
			Cache cache = context.getBean(Caches.class).defaultCache();
			cache.delete("popular");
			ready(context);
			Thread.sleep(200);
			assertThat(cache.<String>get("popular")).isNull();
		});
	}

	@Test
	void canBeTurnedOff() {
		this.runner.withPropertyValues("cachette.warming.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CacheWarming.class));
	}

	@Test
	void backsOffWithoutWarmers() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(CachetteAutoConfiguration.class, CachetteInvalidationAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(CacheWarming.class)
				.hasSingleBean(CacheNamespaces.class));
	}

	@Test
	void theApplicationsOwnBeanWins() {
		AtomicReference<CacheWarming> own = new AtomicReference<>();
		this.runner.withBean("myWarming", CacheWarming.class, () -> {
			CacheWarming warming = new CacheWarming(java.util.Map.of(),
					new WarmingContext(new Caches(java.util.Map.of())));
			own.set(warming);
			return warming;
		}).run((context) -> assertThat(context.getBean(CacheWarming.class)).isSameAs(own.get()));
	}

	private static void ready(AssertableApplicationContext context) {
		context.publishEvent(new ApplicationReadyEvent(new SpringApplication(), new String[0],
				context.getSourceApplicationContext(), Duration.ZERO));
	}

	@Configuration(proxyBeanMethods = false)
	static class WarmersConfiguration {

		@Bean
		CacheWarmer popularArticles() {
			return (context) -> {
				context.cache().set("popular", "warm");
				context.cache().set("thread", Thread.currentThread().getName());
			};
		}

		@Bean
		CacheWarmer broken() {
			return (context) -> {
				throw new IllegalStateException("the database is down");
			};
		}

		@Bean
		CacheWarmer afterFailure() {
			return (context) -> context.cache().set("after-failure", "warm");
		}

	}

}
