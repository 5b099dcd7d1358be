package dev.cachette.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import dev.cachette.cache.Cache;
import dev.cachette.cache.Caches;
import dev.cachette.cache.InvalidCacheBackendException;
import dev.cachette.cache.KeyFunction;
import dev.cachette.cache.backend.BaseCache;
import dev.cachette.cache.backend.CacheBackend;
import dev.cachette.cache.backend.dummy.DummyCache;
import dev.cachette.cache.backend.locmem.LocMemCache;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wiring of {@link CachetteAutoConfiguration}, one scenario per behaviour.
 */
class CachetteAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachetteAutoConfiguration.class));

	@Test
	void defaultIsLocMemWithoutConfiguration() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(Caches.class);
			Cache cache = context.getBean(Cache.class);
			assertThat(cache).isInstanceOf(LocMemCache.class);
			assertThat(cache.alias()).isEqualTo("default");
			assertThat(cache.defaultTimeout()).isEqualTo(Duration.ofSeconds(300));
			assertThat(cache.makeKey("k")).isEqualTo(":1:k");
		});
	}

	@Test
	void eachAliasIsANamedBean() {
		this.runner
			.withPropertyValues("caches.default.backend=locmem", "caches.default.location=unique-snowflake",
					"caches.default.timeout=60", "caches.default.key-prefix=mysite",
					"caches.default.options.max-entries=1000", "caches.local.backend=locmem")
			.withUserConfiguration(QualifiedInjection.class)
			.run((context) -> {
				Caches caches = context.getBean(Caches.class);
				assertThat(caches.aliases()).containsExactly("default", "local");
				assertThat(context.getBean("default")).isSameAs(caches.get("default"));
				assertThat(context.getBean("local")).isSameAs(caches.get("local"));
				assertThat(caches.get("local")).isSameAs(caches.get("local"));
				QualifiedInjection injected = context.getBean(QualifiedInjection.class);
				assertThat(injected.primary).isSameAs(caches.get("default"));
				assertThat(injected.local).isSameAs(caches.get("local"));
				assertThat(caches.get("default").defaultTimeout()).isEqualTo(Duration.ofSeconds(60));
				assertThat(caches.get("default").makeKey("k")).isEqualTo("mysite:1:k");
			});
	}

	@Test
	void aliasesWithTheSameLocationShareOneStore() {
		this.runner
			.withPropertyValues("caches.default.location=shared-store", "caches.other.location=shared-store",
					"caches.third.location=own-store")
			.run((context) -> {
				Caches caches = context.getBean(Caches.class);
				caches.get("default").set("k", "v");
				assertThat(caches.get("other").<String>get("k")).isEqualTo("v");
				assertThat(caches.get("third").<String>get("k")).isNull();
			});
	}

	@Test
	void underscoreAndDashSpellingsNameOneAlias() {
		this.runner.withPropertyValues("caches.default.backend=locmem", "caches.template_fragments.backend=dummy")
			.run((context) -> {
				Caches caches = context.getBean(Caches.class);
				assertThat(caches.aliases()).contains("template_fragments");
				assertThat(caches.get("template_fragments")).isInstanceOf(DummyCache.class);
				assertThat(caches.get("template-fragments")).isSameAs(caches.get("template_fragments"));
				assertThat(context.getBean("template_fragments")).isSameAs(caches.get("template_fragments"));
				assertThat(context.getBean("template-fragments")).isSameAs(caches.get("template_fragments"));
			});
	}

	@Test
	void dashSpelledAliasIsFoundWithUnderscores() {
		this.runner.withPropertyValues("caches.default.backend=locmem", "caches.template-fragments.backend=dummy")
			.run((context) -> {
				Caches caches = context.getBean(Caches.class);
				assertThat(caches.get("template_fragments")).isSameAs(caches.get("template-fragments"));
				assertThat(context.getBean("template_fragments")).isSameAs(caches.get("template-fragments"));
			});
	}

	@Test
	void djangoUpperCaseSettingsBind() {
		this.runner.withPropertyValues("caches.default.BACKEND=django.core.cache.backends.locmem.LocMemCache",
				"caches.default.LOCATION=upper-case", "caches.default.TIMEOUT=None", "caches.default.KEY_PREFIX=site",
				"caches.default.VERSION=3", "caches.default.OPTIONS.MAX_ENTRIES=10")
			.run((context) -> {
				Cache cache = context.getBean(Cache.class);
				assertThat(cache).isInstanceOf(LocMemCache.class);
				assertThat(cache.defaultTimeout()).isEqualTo(Cache.FOREVER);
				assertThat(cache.makeKey("k")).isEqualTo("site:3:k");
				assertThat(cache.defaultVersion()).isEqualTo(3);
			});
	}

	@Test
	void djangoBackendPathsAreSynonyms() {
		this.runner.withPropertyValues("caches.default.backend=django.core.cache.backends.dummy.DummyCache")
			.run((context) -> assertThat(context.getBean(Cache.class)).isInstanceOf(DummyCache.class));
	}

	@Test
	void timeoutAcceptsSecondsNoneAndDurations() {
		this.runner
			.withPropertyValues("caches.default.timeout=none", "caches.a.timeout=0", "caches.b.timeout=5m",
					"caches.c.timeout=1.5")
			.run((context) -> {
				Caches caches = context.getBean(Caches.class);
				assertThat(caches.get("default").defaultTimeout()).isEqualTo(Cache.FOREVER);
				assertThat(caches.get("a").defaultTimeout()).isZero();
				assertThat(caches.get("b").defaultTimeout()).isEqualTo(Duration.ofMinutes(5));
				assertThat(caches.get("c").defaultTimeout()).isEqualTo(Duration.ofMillis(1500));
			});
	}

	@Test
	void customBackendByClassNameReceivesTheAliasSettings() {
		this.runner
			.withPropertyValues("caches.default.backend=" + RecordingCache.class.getName(),
					"caches.default.location=somewhere", "caches.default.options.anything=goes")
			.run((context) -> {
				RecordingCache cache = context.getBean(RecordingCache.class);
				assertThat(cache.settings.location()).isEqualTo("somewhere");
				assertThat(cache.settings.stringOption("anything", "")).isEqualTo("goes");
			});
	}

	@Test
	void customBackendBeanIsSelectableByName() {
		this.runner.withUserConfiguration(CustomBackend.class)
			.withPropertyValues("caches.default.backend=recording")
			.run((context) -> assertThat(context.getBean(Cache.class)).isInstanceOf(RecordingCache.class));
	}

	@Test
	void keyFunctionByClassName() {
		this.runner.withPropertyValues("caches.default.key-function=" + ReversedKeyFunction.class.getName())
			.run((context) -> assertThat(context.getBean(Cache.class).makeKey("abc")).isEqualTo("cba"));
	}

	@Test
	void keyFunctionByBeanName() {
		this.runner.withUserConfiguration(KeyFunctionBean.class)
			.withPropertyValues("caches.default.key-function=shortKeys")
			.run((context) -> assertThat(context.getBean(Cache.class).makeKey("abc")).isEqualTo("abc@1"));
	}

	@Test
	void userDefinedCacheBeanWins() {
		this.runner.withUserConfiguration(UserCache.class).run((context) -> {
			Cache cache = context.getBean(Cache.class);
			assertThat(cache).isInstanceOf(DummyCache.class);
			assertThat(context.getBean(Caches.class).get("default")).isSameAs(cache);
		});
	}

	@Test
	void userPrimaryCacheBeanKeepsPrimacy() {
		this.runner.withUserConfiguration(UserPrimaryCache.class)
			.run((context) -> assertThat(context.getBean(Cache.class).alias()).isEqualTo("mine"));
	}

	@Test
	void userDefinedCachesBeanWins() {
		this.runner.withUserConfiguration(UserCaches.class).run((context) -> {
			assertThat(context).hasSingleBean(Caches.class);
			assertThat(context.getBean(Caches.class).get("default")).isInstanceOf(DummyCache.class);
		});
	}

	@Test
	void unknownBackendFailsNamingAliasAndValidBackends() {
		this.runner.withPropertyValues("caches.default.backend=nosuch").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidCacheBackendException.class)
				// Django's CacheHandler text first, then the reason and what is valid
				.hasMessageStartingWith(
						"Could not find backend 'nosuch': caches.default.backend 'nosuch' is not a known backend")
				.hasMessageContaining("valid backends are [")
				.hasMessageContainingAll("dummy", "locmem");
		});
	}

	@Test
	void negativeMaxEntriesFails() {
		this.runner.withPropertyValues("caches.default.options.max-entries=-1")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessage(
						"caches.default.options.max-entries must be zero or more (was '-1'); Django would accept it and cull on every write, Cachette refuses it"));
	}

	@Test
	void unparsableMaxEntriesFails() {
		this.runner.withPropertyValues("caches.default.options.max-entries=lots")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessage(
						"caches.default.options.max-entries must be an integer (was 'lots'); Django would use 300 instead, Cachette refuses to guess"));
	}

	@Test
	void unparsableTimeoutFails() {
		this.runner.withPropertyValues("caches.default.backend=locmem", "caches.local.timeout=soon")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidCacheBackendException.class)
				.hasMessageStartingWith("caches.local.timeout must be a number of seconds, none")
				.hasMessageEndingWith("(was 'soon'); Django would use 300 seconds instead, Cachette refuses to guess"));
	}

	@Test
	void unknownOptionOnBuiltInBackendFails() {
		this.runner.withPropertyValues("caches.default.options.max-entry=10")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("caches.default.options has an unknown option 'maxentry' for backend locmem")
				.hasMessageContaining("max-entries"));
	}

	@Test
	void aliasesWithoutDefaultFail() {
		this.runner.withPropertyValues("caches.local.backend=locmem")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("caches has no 'default' alias")
				.hasMessageContaining("Django would start and report caches.E001 \"You must define a 'default' cache in"
						+ " your CACHES setting.\"; Cachette refuses to start"));
	}

	@Test
	void locMemBacksOffWithoutCaffeine() {
		this.runner.withClassLoader(new FilteredClassLoader("com.github.benmanes.caffeine"))
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("caches.default.backend 'locmem' needs com.github.ben-manes.caffeine:caffeine"));
	}

	@Test
	void dummyWorksWithoutCaffeine() {
		this.runner.withClassLoader(new FilteredClassLoader("com.github.benmanes.caffeine"))
			.withPropertyValues("caches.default.backend=dummy")
			.run((context) -> assertThat(context.getBean(Cache.class)).isInstanceOf(DummyCache.class));
	}

	@Test
	void allowedClassesOptionExtendsTheAllowList() {
		this.runner.withPropertyValues("caches.default.location=allowed",
				"caches.default.options.allowed-classes[0]=" + Pojo.class.getName(), "caches.nolist.location=nolist")
			.run((context) -> {
				Caches caches = context.getBean(Caches.class);
				caches.get("default").set("k", new Pojo("x"));
				assertThat(caches.get("default").<Pojo>get("k").name).isEqualTo("x");
			});
	}

	@Test
	void cacheMiddlewarePropertiesBind() {
		this.runner
			.withPropertyValues("cache-middleware.enabled=true", "cache-middleware.alias=pages",
					"cache-middleware.seconds=60", "cache-middleware.key-prefix=site1", "caches.default.backend=locmem",
					"caches.pages.backend=locmem")
			.run((context) -> {
				CacheMiddlewareProperties properties = context.getBean(CacheMiddlewareProperties.class);
				assertThat(properties.isEnabled()).isTrue();
				assertThat(properties.getAlias()).isEqualTo("pages");
				assertThat(properties.getSeconds()).isEqualTo(60);
				assertThat(properties.getKeyPrefix()).isEqualTo("site1");
			});
	}

	@Test
	void cachesAreClosedWithTheContext() {
		this.runner.withPropertyValues("caches.default.location=closing").run((context) -> {
			context.getBean(Cache.class).set("k", "v");
			context.close();
		});
		this.runner.withPropertyValues("caches.default.location=closing")
			.run((context) -> assertThat(context.getBean(Cache.class).<String>get("k")).isNull());
	}

	@Configuration(proxyBeanMethods = false)
	static class QualifiedInjection {

		final Cache primary;

		final Cache local;

		QualifiedInjection(Cache primary, @Qualifier("local") Cache local) {
			this.primary = primary;
			this.local = local;
		}

	}

	/** A custom backend, constructed by class name with the alias settings. */
	public static class RecordingCache extends DummyCache {

		final CacheSettings settings;

		public RecordingCache(CacheSettings settings) {
			super(settings);
			this.settings = settings;
		}

	}

	/** Registers {@link RecordingCache} under a name. */
	@Configuration(proxyBeanMethods = false)
	static class CustomBackend {

		@Bean
		CacheBackend recordingBackend() {
			return CacheBackend.of("recording", java.util.List.of(), java.util.Set.of(), RecordingCache::new);
		}

	}

	/** A key function named by class. */
	public static class ReversedKeyFunction implements KeyFunction {

		@Override
		public String makeKey(String key, String keyPrefix, int version) {
			return new StringBuilder(key).reverse().toString();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class KeyFunctionBean {

		@Bean
		KeyFunction shortKeys() {
			return (key, prefix, version) -> key + "@" + version;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserCache {

		@Bean(name = "default")
		Cache myDefault() {
			return new DummyCache(CacheSettings.builder("default").build());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserPrimaryCache {

		@Bean
		@Primary
		Cache mine() {
			return new DummyCache(CacheSettings.builder("mine").build());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserCaches {

		@Bean
		Caches myCaches() {
			BaseCache dummy = new DummyCache(CacheSettings.builder("default").build());
			return new Caches(java.util.Map.of("default", dummy));
		}

	}

	/** A serializable class outside the default allow-list. */
	public static class Pojo implements java.io.Serializable {

		private static final long serialVersionUID = 1L;

		final String name;

		Pojo(String name) {
			this.name = name;
		}

	}

}
