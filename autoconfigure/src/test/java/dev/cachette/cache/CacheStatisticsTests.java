package dev.cachette.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.cachette.cache.backend.BaseCache;
import dev.cachette.cache.backend.locmem.LocMemCache;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What {@link BaseCache} counts in {@link CacheStatistics}, operation by operation.
 */
class CacheStatisticsTests {

	private final List<Cache> caches = new ArrayList<>();

	@AfterEach
	void close() {
		this.caches.forEach(Cache::close);
	}

	private Cache locmem(String... options) {
		CacheSettings.Builder builder = CacheSettings.builder("stats")
			.location("stats-" + UUID.randomUUID())
			.option("max-entries", 3);
		for (int i = 0; i < options.length; i += 2) {
			builder.option(options[i], options[i + 1]);
		}
		Cache cache = new LocMemCache(builder.build());
		this.caches.add(cache);
		return cache;
	}

	@Test
	void get_countsOneHitOrMissPerCall() {
		Cache cache = locmem();
		cache.set("a", "A");
		cache.set("n", null);
		cache.get("a");
		cache.get("a", "default");
		cache.get("n");
		cache.get("missing");
		cache.get("missing", "default");
		CacheStatistics statistics = cache.statistics();
		assertThat(statistics.hits()).isEqualTo(3);
		assertThat(statistics.misses()).isEqualTo(2);
		assertThat(statistics.puts()).isEqualTo(2);
		assertThat(statistics.hitRatio()).isEqualTo(3.0 / 5);
	}

	@Test
	void hitRatio_isNaNBeforeAnyLookup() {
		assertThat(locmem().statistics().hitRatio()).isNaN();
	}

	@Test
	void getMany_countsEachDistinctKey() {
		Cache cache = locmem();
		cache.set("a", 1);
		cache.set("b", 2);
		Map<String, Object> found = cache.getMany(List.of("a", "b", "c", "a"));
		assertThat(found).containsOnlyKeys("a", "b");
		assertThat(cache.statistics().hits()).isEqualTo(2);
		assertThat(cache.statistics().misses()).isEqualTo(1);
	}

	@Test
	void getOrSet_countsOneLookupAndThePutOfAMiss() {
		Cache cache = locmem();
		assertThat(cache.<String>getOrSet("k", () -> "computed")).isEqualTo("computed");
		assertThat(cache.<String>getOrSet("k", () -> "again")).isEqualTo("computed");
		CacheStatistics statistics = cache.statistics();
		assertThat(statistics.hits()).isEqualTo(1);
		assertThat(statistics.misses()).isEqualTo(1);
		assertThat(statistics.puts()).isEqualTo(1);
	}

	@Test
	void hasKeyAddTouchAndIncr_areNotLookups() {
		Cache cache = locmem();
		cache.set("n", 1);
		cache.hasKey("n");
		cache.hasKey("missing");
		cache.touch("n");
		cache.incr("n");
		assertThat(cache.add("n", 5)).isFalse();
		assertThat(cache.add("new", 5)).isTrue();
		CacheStatistics statistics = cache.statistics();
		assertThat(statistics.hits()).isZero();
		assertThat(statistics.misses()).isZero();
		assertThat(statistics.puts()).isEqualTo(2);
	}

	@Test
	void removals_countKeysRemoved() {
		Cache cache = locmem();
		cache.setMany(Map.of("a", 1, "b", 2));
		assertThat(cache.statistics().puts()).isEqualTo(2);
		assertThat(cache.delete("a")).isTrue();
		assertThat(cache.delete("a")).isFalse();
		cache.set("b", 3, Duration.ZERO);
		cache.deleteMany(List.of("x", "y"));
		cache.clear();
		assertThat(cache.statistics().removals()).isEqualTo(4);
	}

	@Test
	void versionViews_shareTheCounts() {
		Cache cache = locmem();
		cache.withVersion(2).set("k", "v");
		cache.withVersion(2).get("k");
		cache.get("k");
		assertThat(cache.statistics()).isSameAs(cache.withVersion(2).statistics());
		assertThat(cache.statistics().hits()).isEqualTo(1);
		assertThat(cache.statistics().misses()).isEqualTo(1);
	}

	@Test
	void statisticsOptionFalse_countsNothing() {
		Cache cache = locmem("statistics", "false");
		cache.set("k", "v");
		cache.get("k");
		cache.get("missing");
		assertThat(cache.statistics().isRecording()).isFalse();
		assertThat(cache.statistics().hits()).isZero();
		assertThat(cache.statistics().misses()).isZero();
		assertThat(cache.statistics().puts()).isZero();
	}

	@Test
	void locmem_reportsSizeAndEvictionsOfItsStore() {
		Cache cache = locmem();
		for (int i = 0; i < 5; i++) {
			cache.set("k" + i, i);
		}
		assertThat(cache.statistics().size()).isEqualTo(3);
		assertThat(cache.statistics().evictions()).isEqualTo(2);
		assertThat(cache.statistics().isTimed()).isFalse();
	}

	@Test
	void timedBackend_reportsEveryServerCall() {
		TestRemoteCache cache = new TestRemoteCache(CacheSettings.builder("remote").option("strict", true).build());
		List<String> calls = new ArrayList<>();
		cache.statistics()
			.setLatencyRecorder((operation, nanos, failed) -> calls.add(operation.tagValue() + (failed ? "!" : "")));
		cache.set("k", "v");
		cache.get("k");
		cache.getMany(List.of("k"));
		cache.delete("k");
		cache.down = true;
		assertThatExceptionOfType(CacheUnavailableException.class).isThrownBy(() -> cache.get("k"));
		assertThat(calls).containsExactly("set", "get", "get_many", "delete", "get!");
	}

	@Test
	void ignoredFailure_isAMissAndAFailedCall() {
		TestRemoteCache cache = new TestRemoteCache(
				CacheSettings.builder("remote").option("ignore-exceptions", true).build());
		List<Boolean> failures = new ArrayList<>();
		cache.statistics().setLatencyRecorder((operation, nanos, failed) -> failures.add(failed));
		cache.down = true;
		assertThat(cache.<Object>get("k")).isNull();
		cache.set("k", "v");
		assertThat(cache.statistics().misses()).isEqualTo(1);
		assertThat(cache.statistics().puts()).isZero();
		assertThat(failures).containsExactly(true, true);
	}

	@Test
	void ping_throwsWhateverIgnoreExceptionsSays() {
		TestRemoteCache cache = new TestRemoteCache(
				CacheSettings.builder("remote").option("ignore-exceptions", true).build());
		cache.ping();
		cache.down = true;
		assertThatExceptionOfType(CacheUnavailableException.class).isThrownBy(cache::ping);
	}

}
