package dev.cachette.cache.backend.locmem;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.cachette.cache.Cache;
import dev.cachette.cache.FakeClock;
import dev.cachette.cache.InvalidCacheBackendException;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How a full local-memory store makes room: Django's culling and LRU order with
 * {@code eviction: lru} (the default), Caffeine's bound with {@code eviction: w-tinylfu},
 * and aliases sharing one location. Django's {@code LocMemCacheTests}
 * ({@code test_lru_*}) and the culling tests of {@code BaseCacheTests} are the model;
 * Django runs {@code test_cull} on an alias sharing the default alias's location, as
 * these do.
 */
@ExtendWith(OutputCaptureExtension.class)
class LocMemEvictionTests {

	private final String location = "eviction-" + UUID.randomUUID();

	private final FakeClock clock = new FakeClock();

	private final List<Cache> caches = new ArrayList<>();

	@AfterEach
	void closeCaches() {
		this.caches.forEach(Cache::close);
	}

	// Culling, as Django's _cull, each alias at its own limits

	/**
	 * Django's {@code test_cull}: 49 keys into an alias with {@code max-entries} 30 that
	 * shares its store with an alias of the default 300 leave 29.
	 */
	@Test
	void cull_deletesAThirdOfTheEntriesWhenFull_atTheWritingAliasesLimit() {
		cache(UnaryOperator.identity());
		Cache cull = cache("cull", (settings) -> settings.option("max-entries", 30));
		assertThat(performCull(cull, 50)).isEqualTo(29);
	}

	/**
	 * Django's {@code test_zero_cull}: {@code cull-frequency: 0} empties the store, 19
	 * left.
	 */
	@Test
	void cull_zeroFrequency_emptiesTheStoreWhenFull() {
		cache(UnaryOperator.identity());
		Cache zeroCull = cache("zero_cull",
				(settings) -> settings.option("max-entries", 30).option("cull-frequency", 0));
		assertThat(performCull(zeroCull, 50)).isEqualTo(19);
	}

	/**
	 * Django's {@code test_cull_delete_when_store_empty} (there with {@code max-entries}
	 * -1, which Cachette refuses; 0 culls on every write alike).
	 */
	@Test
	void cull_maxEntriesZero_stillStoresTheNewKey() {
		Cache cache = cache((settings) -> settings.option("max-entries", 0));
		cache.set("first", "value");
		cache.set("force_cull_delete", "value");
		assertThat(cache.hasKey("force_cull_delete")).isTrue();
	}

	/**
	 * Two aliases on one location, limits 20 and 10: each write culls by its own alias's
	 * limit, as Django's {@code _cull} reads {@code self._max_entries}.
	 */
	@Test
	void cull_aliasesSharingALocation_eachCullsAtItsOwnMaxEntries() {
		Cache large = cache("large", (settings) -> settings.option("max-entries", 20));
		Cache small = cache("small", (settings) -> settings.option("max-entries", 10));
		IntStream.range(0, 30).forEach((i) -> large.set("large" + i, i));
		// The 21st set finds 20 and culls 6 (20 / 3), the 27th too: 18 left.
		assertThat(large.statistics().size()).isEqualTo(18);
		IntStream.range(0, 3).forEach((i) -> small.set("small" + i, i));
		// Each of small's sets finds 10 or more and culls a third: 18, 13, 10 -> 8 left.
		assertThat(small.statistics().size()).isEqualTo(8);
		assertThat(small.hasKey("small2")).isTrue();
		assertThat(large.hasKey("large29")).isTrue();
	}

	@Test
	void cull_isCountedAsEvictions() {
		Cache cache = cache((settings) -> settings.option("max-entries", 30));
		performCull(cache, 50);
		assertThat(cache.statistics().evictions()).isEqualTo(49 - 29);
	}

	// Recency: Django's LocMemCacheTests with MAX_ENTRIES 9

	/** Django's {@code test_lru_get}: {@code get} moves keys to the front. */
	@Test
	void lru_get_refreshesRecency() {
		Cache cache = limited();
		IntStream.range(0, 9).forEach((key) -> cache.set(key(key), key, Cache.FOREVER));
		IntStream.range(0, 6).forEach((key) -> assertThat(cache.<Long>get(key(key))).isEqualTo((long) key));
		cache.set(key(9), 9, Cache.FOREVER);
		IntStream.range(0, 6).forEach((key) -> assertThat(cache.<Long>get(key(key))).isEqualTo((long) key));
		IntStream.range(6, 9).forEach((key) -> assertThat(cache.<Long>get(key(key))).isNull());
		assertThat(cache.<Long>get(key(9))).isEqualTo(9L);
	}

	/** Django's {@code test_lru_set}: {@code set} moves keys to the front. */
	@Test
	void lru_set_refreshesRecency() {
		Cache cache = limited();
		IntStream.range(0, 9).forEach((key) -> cache.set(key(key), key, Cache.FOREVER));
		IntStream.range(3, 9).forEach((key) -> cache.set(key(key), key, Cache.FOREVER));
		cache.set(key(9), 9, Cache.FOREVER);
		IntStream.range(3, 10).forEach((key) -> assertThat(cache.<Long>get(key(key))).isEqualTo((long) key));
		IntStream.range(0, 3).forEach((key) -> assertThat(cache.<Long>get(key(key))).isNull());
	}

	/** Django's {@code test_lru_incr}: {@code incr} moves keys to the front. */
	@Test
	void lru_incr_refreshesRecency() {
		Cache cache = limited();
		IntStream.range(0, 9).forEach((key) -> cache.set(key(key), key, Cache.FOREVER));
		IntStream.range(0, 6).forEach((key) -> assertThat(cache.incr(key(key))).isEqualTo(key + 1L));
		cache.set(key(9), 9, Cache.FOREVER);
		IntStream.range(0, 6).forEach((key) -> assertThat(cache.<Long>get(key(key))).isEqualTo(key + 1L));
		IntStream.range(6, 9).forEach((key) -> assertThat(cache.<Long>get(key(key))).isNull());
		assertThat(cache.<Long>get(key(9))).isEqualTo(9L);
	}

	/**
	 * Django's {@code has_key} and {@code touch} leave the order alone: the three least
	 * recently set keys are culled though they were just checked and touched.
	 */
	@Test
	void lru_hasKeyAndTouch_doNotRefreshRecency() {
		Cache cache = limited();
		IntStream.range(0, 9).forEach((key) -> cache.set(key(key), key, Cache.FOREVER));
		IntStream.range(0, 3).forEach((key) -> {
			assertThat(cache.hasKey(key(key))).isTrue();
			assertThat(cache.touch(key(key), Duration.ofMinutes(5))).isTrue();
		});
		cache.set(key(9), 9, Cache.FOREVER);
		IntStream.range(0, 3).forEach((key) -> assertThat(cache.hasKey(key(key))).isFalse());
		IntStream.range(3, 10).forEach((key) -> assertThat(cache.hasKey(key(key))).isTrue());
	}

	/**
	 * Django culls by recency alone: an expired entry stays until it is read or culled,
	 * and a cull may take live entries before it.
	 */
	@Test
	void lru_expiredEntries_stayUntilReadAndAreNotCulledFirst() {
		Cache cache = limited();
		IntStream.range(0, 8).forEach((key) -> cache.set(key(key), key, Cache.FOREVER));
		cache.set("expiring", 0, Duration.ofSeconds(1));
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(cache.statistics().size()).isEqualTo(9);
		cache.set(key(9), 9, Cache.FOREVER);
		assertThat(IntStream.range(0, 3).filter((key) -> cache.hasKey(key(key)))).isEmpty();
		assertThat(cache.statistics().size()).isEqualTo(7);
		assertThat(cache.hasKey("expiring")).isFalse();
		assertThat(cache.statistics().size()).isEqualTo(6);
	}

	// W-TinyLFU on Caffeine

	@Test
	void wTinyLfu_boundsTheStoreOneEntryAtATime() {
		Cache cache = cache((settings) -> settings.option("eviction", "w-tinylfu").option("max-entries", 10));
		IntStream.range(0, 100).forEach((i) -> cache.set("cull" + i, "value", Duration.ofMinutes(10)));
		long remaining = IntStream.range(0, 100).filter((i) -> cache.hasKey("cull" + i)).count();
		assertThat(remaining).isEqualTo(10);
		assertThat(cache.statistics().evictions()).isEqualTo(90);
	}

	@Test
	void wTinyLfu_sharedWithOtherMaxEntries_logsThatItIsIgnored(CapturedOutput output) {
		cache((settings) -> settings.option("eviction", "w-tinylfu").option("max-entries", 10));
		cache((settings) -> settings.option("eviction", "W_TINYLFU").option("max-entries", 20));
		assertThat(output).contains("created with max-entries 10; its own max-entries 20 is ignored");
	}

	// Options

	@Test
	void eviction_differentForOneLocation_failsNamingBothAliases() {
		cache("first", UnaryOperator.identity());
		assertThatExceptionOfType(InvalidCacheBackendException.class)
			.isThrownBy(() -> cache("second", (settings) -> settings.option("eviction", "w-tinylfu")))
			.withMessage("caches.second.options.eviction is w-tinylfu, but cache 'first' shares its local-memory"
					+ " store '" + this.location + "' with eviction lru: aliases with one location must use one"
					+ " policy");
	}

	@Test
	void eviction_unknown_failsNamingTheValidValues() {
		assertThatExceptionOfType(InvalidCacheBackendException.class)
			.isThrownBy(() -> cache((settings) -> settings.option("eviction", "fifo")))
			.withMessage("caches.contract.options.eviction must be lru or w-tinylfu (was 'fifo')");
	}

	private Cache limited() {
		return cache((settings) -> settings.option("max-entries", 9));
	}

	private Cache cache(UnaryOperator<CacheSettings.Builder> customizer) {
		return cache("contract", customizer);
	}

	private Cache cache(String alias, UnaryOperator<CacheSettings.Builder> customizer) {
		Cache cache = new LocMemCache(
				customizer.apply(CacheSettings.builder(alias).location(this.location).clock(this.clock)).build());
		this.caches.add(cache);
		return cache;
	}

	/** Django's {@code _perform_cull_test}: sets keys 1 to n - 1, counts those left. */
	private static long performCull(Cache cache, int initialCount) {
		IntStream.range(1, initialCount).forEach((i) -> cache.set("cull" + i, "value", Duration.ofSeconds(1000)));
		return IntStream.range(1, initialCount).filter((i) -> cache.hasKey("cull" + i)).count();
	}

	private static String key(int key) {
		return String.valueOf(key);
	}

}
