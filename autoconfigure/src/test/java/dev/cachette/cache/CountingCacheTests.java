package dev.cachette.cache;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.cachette.cache.backend.locmem.LocMemCache;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for {@link CountingCache}.
 */
class CountingCacheTests {

	private final CountingCache cache = new CountingCache(
			new LocMemCache(CacheSettings.builder("counting").location(UUID.randomUUID().toString()).build()));

	@AfterEach
	void closeCache() {
		this.cache.delegate().close();
	}

	@Test
	void count_countsCallsPerOperationWithOverloadsTogether() {
		this.cache.set("key", "value");
		this.cache.get("key");
		this.cache.get("key", "default");
		this.cache.getOrSet("key", () -> "computed");
		assertThat(this.cache.count("get")).isEqualTo(2);
		assertThat(this.cache.count("set")).isEqualTo(1);
		assertThat(this.cache.count("getOrSet")).isEqualTo(1);
		assertThat(this.cache.count("add")).as("not what the delegate does inside").isZero();
		assertThat(this.cache.counts()).containsExactly(entry("get", 2), entry("getOrSet", 1), entry("set", 1));
		assertThat(this.cache.total()).isEqualTo(4);
	}

	@Test
	void count_forwardsResults() {
		this.cache.setMany(Map.of("a", 1));
		assertThat(this.cache.incr("a")).isEqualTo(2);
		assertThat(this.cache.getMany(List.of("a"))).containsExactly(entry("a", 2L));
		assertThat(this.cache.alias()).isEqualTo("counting");
		assertThat(this.cache.makeKey("a")).isEqualTo(":1:a");
		assertThat(this.cache.count("makeKey")).isZero();
	}

	@Test
	void viewsAndAsync_countIntoTheSameCounters() {
		this.cache.withVersion(2).set("key", "value");
		this.cache.async().get("key").join();
		assertThat(this.cache.count("set")).isEqualTo(1);
		assertThat(this.cache.count("get")).isEqualTo(1);
		assertThat(this.cache.<Object>get("key")).isNull();
		assertThat(this.cache.withVersion(2).<Object>get("key")).isEqualTo("value");
	}

	@Test
	void reset_setsCountsToZero() {
		this.cache.get("key");
		this.cache.reset();
		assertThat(this.cache.total()).isZero();
		assertThat(this.cache.count("get")).isZero();
	}

}
