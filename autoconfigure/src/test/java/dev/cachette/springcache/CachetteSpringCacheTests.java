package dev.cachette.springcache;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.cache.interceptor.SimpleKey;

import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheUnavailableException;
import dev.cachette.cache.UnreachableCache;
import dev.cachette.cache.backend.locmem.LocMemCache;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link CachetteSpringCache} keeps Spring's {@link org.springframework.cache.Cache}
 * contract on a Cachette alias.
 */
class CachetteSpringCacheTests {

	private final Cache cache = new LocMemCache(
			CacheSettings.builder("default").location("spring-" + UUID.randomUUID()).build());

	private final CachetteSpringCache spring = new CachetteSpringCache(this.cache, true);

	@AfterEach
	void close() {
		this.cache.close();
	}

	@Test
	void putAndGet_goThroughTheAlias() {
		this.spring.put("k", "v");
		assertThat(this.cache.<String>get("k")).isEqualTo("v");
		assertThat(this.spring.get("k").get()).isEqualTo("v");
		assertThat(this.spring.get("k", String.class)).isEqualTo("v");
		assertThat(this.spring.get("missing")).isNull();
		assertThat(this.spring.getName()).isEqualTo("default");
		assertThat(this.spring.getNativeCache()).isSameAs(this.cache);
	}

	/**
	 * What {@code @Cacheable}, {@code @CachePut} and {@code @CacheEvict} call, on an
	 * alias whose server is down: misses, the loader's value, no exception.
	 */
	@Test
	void deadBackend_failsOpen() {
		UnreachableCache down = new UnreachableCache("down");
		CachetteSpringCache spring = new CachetteSpringCache(down, true);
		assertThat(spring.get("k")).isNull();
		assertThat(spring.get("k", () -> "loaded")).isEqualTo("loaded");
		spring.put("k", "v");
		assertThat(spring.putIfAbsent("k", "v")).isNull();
		spring.evict("k");
		assertThat(spring.evictIfPresent("k")).isFalse();
		spring.clear();
		assertThat(spring.retrieve("k").join()).isNull();
		assertThat(spring.retrieve("k", () -> CompletableFuture.completedFuture("async")).join()).isEqualTo("async");
		assertThat(down.attempts.get()).isPositive();
	}

	@Test
	void deadBackend_strictAlias_throws() {
		UnreachableCache down = new UnreachableCache(CacheSettings.builder("down").option("strict", true).build());
		CachetteSpringCache spring = new CachetteSpringCache(down, true);
		assertThatExceptionOfType(CacheUnavailableException.class).isThrownBy(() -> spring.get("k"));
		assertThatExceptionOfType(CacheUnavailableException.class).isThrownBy(() -> spring.putIfAbsent("k", "v"));
	}

	@Test
	void null_isStoredAsCachettesNull() {
		this.spring.put("n", null);
		assertThat(this.cache.get("n", "sentinel")).isNull();
		assertThat(this.spring.get("n")).isNotNull();
		assertThat(this.spring.get("n").get()).isNull();
	}

	@Test
	void null_isRefusedWithoutAllowNullValues() {
		CachetteSpringCache strict = new CachetteSpringCache(this.cache, false);
		assertThatIllegalArgumentException().isThrownBy(() -> strict.put("n", null));
	}

	@Test
	void keys_areStringsSafeForEveryBackend() {
		assertThat(CachetteSpringCache.toKey(42L)).isEqualTo("42");
		assertThat(CachetteSpringCache.toKey(new SimpleKey("a", 1))).isEqualTo("SimpleKey%20[a,%201]");
		assertThat(CachetteSpringCache.toKey("100%\tdone")).isEqualTo("100%25%09done");
		this.spring.put(new SimpleKey("a", 1), "v");
		assertThat(this.cache.<String>get("SimpleKey%20[a,%201]")).isEqualTo("v");
	}

	@Test
	void putIfAbsent_returnsTheExistingValue() {
		assertThat(this.spring.putIfAbsent("k", "first")).isNull();
		assertThat(this.spring.putIfAbsent("k", "second").get()).isEqualTo("first");
		assertThat(this.cache.<String>get("k")).isEqualTo("first");
	}

	@Test
	void evictAndClear() {
		this.spring.put("a", 1);
		this.spring.put("b", 2);
		assertThat(this.spring.evictIfPresent("a")).isTrue();
		assertThat(this.spring.evictIfPresent("a")).isFalse();
		this.spring.clear();
		assertThat(this.cache.hasKey("b")).isFalse();
	}

	@Test
	void valueLoader_runsOnlyOnAMiss() {
		assertThat(this.spring.get("k", () -> "loaded")).isEqualTo("loaded");
		assertThat(this.spring.get("k", () -> "again")).isEqualTo("loaded");
	}

	@Test
	void retrieve_completesWithAWrapperOrNull() throws Exception {
		this.spring.put("k", "v");
		CompletableFuture<?> hit = this.spring.retrieve("k");
		assertThat(((org.springframework.cache.Cache.ValueWrapper) hit.get()).get()).isEqualTo("v");
		assertThat(this.spring.retrieve("missing").get()).isNull();
		assertThat(this.spring.retrieve("loaded", () -> CompletableFuture.completedFuture("x")).get()).isEqualTo("x");
		assertThat(this.cache.<String>get("loaded")).isEqualTo("x");
	}

}
