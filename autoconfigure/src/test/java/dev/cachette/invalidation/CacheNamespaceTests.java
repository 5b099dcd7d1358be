package dev.cachette.invalidation;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.cachette.autoconfigure.CachetteAutoConfiguration;
import dev.cachette.autoconfigure.CachetteInvalidationAutoConfiguration;
import dev.cachette.cache.Cache;
import dev.cachette.cache.Caches;
import dev.cachette.cache.TestServers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Versioned namespaces on local memory and on a Redis server shared by two application
 * contexts, as two instances of an application would share it.
 */
class CacheNamespaceTests {

	private static final String REDIS_URL = TestServers.address("CACHETTE_REDIS_URL", "redis://127.0.0.1:6379/9");

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(CachetteAutoConfiguration.class, CachetteInvalidationAutoConfiguration.class));

	@Test
	void keysCarryTheVersion_andABumpHidesEveryOldEntry() {
		this.runner.withPropertyValues("caches.default.location=ns-" + UUID.randomUUID()).run((context) -> {
			CacheNamespace products = context.getBean(CacheNamespaces.class).get("product");
			Cache cache = context.getBean(Caches.class).defaultCache();
			long version = products.version();
			assertThat(products.key("42")).isEqualTo("product:v" + version + ":42");
			cache.set(products.key("42"), "old 42");
			cache.set(products.key("43"), "old 43");

			assertThat(products.bump()).isEqualTo(version + 1);

			assertThat(products.key("42")).isEqualTo("product:v" + (version + 1) + ":42");
			assertThat(cache.<String>get(products.key("42"))).isNull();
			assertThat(cache.<String>get(products.key("43"))).isNull();
		});
	}

	@Test
	void otherNamespacesAreUntouched() {
		this.runner.withPropertyValues("caches.default.location=ns-" + UUID.randomUUID()).run((context) -> {
			CacheNamespaces namespaces = context.getBean(CacheNamespaces.class);
			Cache cache = context.getBean(Caches.class).defaultCache();
			cache.set(namespaces.get("category").key("news"), "listing");
			namespaces.get("product").bump();
			assertThat(cache.<String>get(namespaces.get("category").key("news"))).isEqualTo("listing");
		});
	}

	@Test
	void aLostCounter_neverComesBackToAnOldVersion() {
		this.runner.withPropertyValues("caches.default.location=ns-" + UUID.randomUUID()).run((context) -> {
			CacheNamespace products = context.getBean(CacheNamespaces.class).get("product");
			Cache cache = context.getBean(Caches.class).defaultCache();
			String oldKey = products.key("42");
			cache.set(oldKey, "old");
			cache.delete("cachette.namespace.product");
			Thread.sleep(2);
			assertThat(products.key("42")).isNotEqualTo(oldKey);
			assertThat(cache.<String>get(products.key("42"))).isNull();
		});
	}

	@Test
	void aBumpBeforeFirstUse_startsAFreshVersion() {
		this.runner.withPropertyValues("caches.default.location=ns-" + UUID.randomUUID()).run((context) -> {
			CacheNamespace products = context.getBean(CacheNamespaces.class).get("product");
			long bumped = products.bump();
			assertThat(products.version()).isEqualTo(bumped);
		});
	}

	@Test
	void theApplicationsOwnRegistryWins() {
		this.runner.withPropertyValues("caches.default.location=ns-" + UUID.randomUUID())
			.withBean("myNamespaces", CacheNamespaces.class,
					() -> new CacheNamespaces(
							new Caches(java.util.Map.of("default", new dev.cachette.cache.FailingCache()))))
			.run((context) -> assertThat(context).hasSingleBean(CacheNamespaces.class).hasBean("myNamespaces"));
	}

	@Test
	void deadStore_keysAreStillMade() {
		CacheNamespace namespace = new CacheNamespace(new dev.cachette.cache.UnreachableCache("default"), "product");
		assertThat(namespace.key("42")).matches("product:v[0-9]+:42");
	}

	@Test
	void onRedis_twoInstancesShareTheVersion_andConcurrentBumpsAreAtomic() throws Exception {
		TestServers.requireUrl("Redis (set CACHETTE_REDIS_URL)", REDIS_URL, 6379);
		String prefix = "ns" + UUID.randomUUID().toString().substring(0, 8);
		ApplicationContextRunner redis = this.runner.withPropertyValues("caches.default.backend=redis",
				"caches.default.location=" + REDIS_URL, "caches.default.key-prefix=" + prefix);
		redis.run((first) -> redis.run((second) -> {
			CacheNamespace one = first.getBean(CacheNamespaces.class).get("product");
			CacheNamespace two = second.getBean(CacheNamespaces.class).get("product");
			Cache cacheOne = first.getBean(Caches.class).defaultCache();
			Cache cacheTwo = second.getBean(Caches.class).defaultCache();
			assertThat(cacheOne).isNotSameAs(cacheTwo);

			cacheOne.set(one.key("42"), "old");
			assertThat(cacheTwo.<String>get(two.key("42"))).isEqualTo("old");
			long version = two.version();

			ExecutorService pool = Executors.newFixedThreadPool(4);
			try {
				List<Future<Long>> bumps = new ArrayList<>();
				for (int i = 0; i < 40; i++) {
					CacheNamespace instance = (i % 2 == 0) ? one : two;
					bumps.add(pool.submit(instance::bump));
				}
				List<Long> versions = new ArrayList<>();
				for (Future<Long> bump : bumps) {
					versions.add(bump.get());
				}
				// incr on the server: every bump got its own version.
				assertThat(versions).doesNotHaveDuplicates().hasSize(40);
			}
			finally {
				pool.shutdownNow();
			}
			assertThat(one.version()).isEqualTo(version + 40);
			assertThat(cacheTwo.<String>get(two.key("42"))).isNull();
			cacheOne.clear();
		}));
	}

}
