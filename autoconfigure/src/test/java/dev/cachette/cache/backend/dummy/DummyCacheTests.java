package dev.cachette.cache.backend.dummy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheKeyNotFoundException;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link DummyCache}: Django's {@code DummyCacheTests}. The dummy stores
 * nothing, so it has its own tests instead of the contract suite.
 */
@ExtendWith(OutputCaptureExtension.class)
class DummyCacheTests {

	private final Cache cache = new DummyCache(CacheSettings.builder("dummy").backend("dummy").build());

	@AfterEach
	void closeCache() {
		this.cache.close();
	}

	@Test
	void set_isIgnored() {
		// test_simple
		this.cache.set("key", "value");
		this.cache.set("key", "value", Cache.FOREVER);
		assertThat(this.cache.<Object>get("key")).isNull();
	}

	@Test
	void get_missingKey_returnsNullOrDefault() {
		// test_non_existent
		assertThat(this.cache.<Object>get("does_not_exist")).isNull();
		assertThat(this.cache.get("does_not_exist", "bang!")).isEqualTo("bang!");
	}

	@Test
	void add_alwaysReturnsTrueAndStoresNothing() {
		// test_add
		assertThat(this.cache.add("addkey1", "value")).isTrue();
		assertThat(this.cache.add("addkey1", "newvalue")).isTrue();
		assertThat(this.cache.add("addkey1", "newvalue", Duration.ofSeconds(5))).isTrue();
		assertThat(this.cache.<Object>get("addkey1")).isNull();
	}

	@Test
	void getMany_returnsEmptyMap() {
		// test_get_many
		this.cache.setMany(Map.of("a", "a", "b", "b", "c", "c", "d", "d"));
		assertThat(this.cache.getMany(List.of("a", "c", "d"))).isEmpty();
		assertThat(this.cache.getMany(List.of("a", "b", "e"))).isEmpty();
	}

	@Test
	void delete_returnsFalse() {
		// test_delete
		this.cache.setMany(Map.of("key1", "spam", "key2", "eggs"));
		assertThat(this.cache.delete("key1")).isFalse();
		assertThat(this.cache.<Object>get("key2")).isNull();
	}

	@Test
	void hasKey_returnsFalse() {
		// test_has_key, test_in
		this.cache.set("hello1", "goodbye1");
		assertThat(this.cache.hasKey("hello1")).isFalse();
		assertThat(this.cache.hasKey("goodbye1")).isFalse();
	}

	@Test
	void incr_throwsKeyNotFound() {
		// test_incr
		this.cache.set("answer", 42);
		assertThatExceptionOfType(CacheKeyNotFoundException.class).isThrownBy(() -> this.cache.incr("answer"));
		assertThatExceptionOfType(CacheKeyNotFoundException.class).isThrownBy(() -> this.cache.incr("does_not_exist"));
		assertThatExceptionOfType(CacheKeyNotFoundException.class)
			.isThrownBy(() -> this.cache.incr("does_not_exist", -1));
	}

	@Test
	void decr_throwsKeyNotFound() {
		// test_decr
		this.cache.set("answer", 42);
		assertThatExceptionOfType(CacheKeyNotFoundException.class).isThrownBy(() -> this.cache.decr("answer"));
		assertThatExceptionOfType(CacheKeyNotFoundException.class)
			.isThrownBy(() -> this.cache.decr("does_not_exist", -1));
	}

	@Test
	void touch_returnsFalse() {
		// test_touch
		assertThat(this.cache.touch("whatever")).isFalse();
		assertThat(this.cache.touch("whatever", Duration.ofSeconds(5))).isFalse();
	}

	@Test
	void dataTypes_areIgnoredAlike() {
		// test_data_types, test_unicode
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("string", "this is a string");
		values.put("int", 42);
		values.put("bool", true);
		values.put("list", List.of(1, 2, 3, 4));
		values.put("dict", Map.of("A", 1, "B", 2));
		values.put("Iñtërnâtiônàlizætiøn", "Iñtërnâtiônàlizætiøn2");
		values.forEach((key, value) -> {
			this.cache.set(key, value);
			assertThat(this.cache.<Object>get(key)).as(key).isNull();
		});
	}

	@Test
	void expiry_hasNoEffect() {
		// test_expiration, without the sleep: nothing is stored to expire
		this.cache.set("expire1", "very quickly", Duration.ofSeconds(1));
		assertThat(this.cache.<Object>get("expire1")).isNull();
		assertThat(this.cache.add("expire2", "newvalue")).isTrue();
		assertThat(this.cache.<Object>get("expire2")).isNull();
		assertThat(this.cache.hasKey("expire3")).isFalse();
	}

	@Test
	void setMany_returnsEmptyList() {
		// test_set_many
		assertThat(this.cache.setMany(Map.of("a", 1, "b", 2))).isEmpty();
		assertThat(this.cache.withVersion(1).setMany(Map.of("a", 1, "b", 2), Duration.ofSeconds(2))).isEmpty();
	}

	@Test
	void deleteManyAndClear_doNothing() {
		// test_delete_many, test_clear
		this.cache.deleteMany(List.of("a", "b"));
		this.cache.clear();
		assertThat(this.cache.hasKey("a")).isFalse();
	}

	@Test
	void incrVersion_throwsKeyNotFound() {
		// test_incr_version, test_decr_version
		this.cache.set("answer", 42);
		assertThatExceptionOfType(CacheKeyNotFoundException.class).isThrownBy(() -> this.cache.incrVersion("answer"));
		assertThatExceptionOfType(CacheKeyNotFoundException.class)
			.isThrownBy(() -> this.cache.incrVersion("does_not_exist"));
		assertThatExceptionOfType(CacheKeyNotFoundException.class).isThrownBy(() -> this.cache.decrVersion("answer"));
		assertThatExceptionOfType(CacheKeyNotFoundException.class)
			.isThrownBy(() -> this.cache.decrVersion("does_not_exist"));
	}

	@Test
	void getOrSet_returnsTheGivenValue() {
		// test_get_or_set
		assertThat(this.cache.getOrSet("mykey", "default")).isEqualTo("default");
		assertThat(this.cache.getOrSet("mykey", (Object) null)).isNull();
	}

	@Test
	void getOrSet_callsTheSupplierEveryTime() {
		// test_get_or_set_callable
		int[] calls = new int[1];
		assertThat(this.cache.getOrSet("mykey", () -> "default" + ++calls[0])).isEqualTo("default1");
		assertThat(this.cache.getOrSet("mykey", () -> "default" + ++calls[0])).isEqualTo("default2");
	}

	@Test
	void async_followsTheSameRules() {
		assertThat(this.cache.async().add("key", "value")).isCompletedWithValue(true);
		assertThat(this.cache.async().get("key", "default")).isCompletedWithValue("default");
		assertThat(this.cache.async().incr("key")).isCompletedExceptionally();
	}

	@Test
	void nonPortableKeys_logWarnings(CapturedOutput output) {
		// test_get_many_invalid_key, test_set_many_invalid_key,
		// test_delete_many_invalid_key
		this.cache.getMany(List.of("key with spaces"));
		assertThat(output).contains("not portable to memcached").contains(":1:key with spaces");
	}

}
