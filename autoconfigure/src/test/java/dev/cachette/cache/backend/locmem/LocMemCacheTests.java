package dev.cachette.cache.backend.locmem;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.cachette.cache.Cache;
import dev.cachette.cache.InvalidCacheBackendException;
import dev.cachette.cache.SerializationException;
import dev.cachette.cache.serialization.AllowList;
import dev.cachette.cache.serialization.ImmutableValue;
import dev.cachette.cache.serialization.JavaSerializer;
import dev.cachette.cache.serialization.Serializer;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What only {@link LocMemCache} does, beside the contract
 * ({@link LocMemCacheContractTests}): copies, shared stores by location, the size bound's
 * options, and entries it cannot read. Culling and eviction are in
 * {@link LocMemEvictionTests}.
 */
@ExtendWith(OutputCaptureExtension.class)
class LocMemCacheTests {

	private static final String MISS_LOGGED = "could not be read and is treated as a miss";

	/** The defaults and this class's records, as the application's packages would be. */
	private static final AllowList ALLOW_LIST = AllowList.defaults()
		.and(Stream.of("Tagged", "Nested", "Holder", "WithArray", "Guarded", "Page")
			.map((name) -> LocMemCacheTests.class.getName() + "$" + name)
			.toList());

	private final String location = "locmem-" + UUID.randomUUID();

	private final List<Cache> caches = new ArrayList<>();

	@AfterEach
	void closeCaches() {
		this.caches.forEach(Cache::close);
	}

	private Cache cache(UnaryOperator<CacheSettings.Builder> customizer) {
		Cache cache = new LocMemCache(customizer
			.apply(CacheSettings.builder("contract").location(this.location).serializer(new JavaSerializer(ALLOW_LIST)))
			.build());
		this.caches.add(cache);
		return cache;
	}

	private Cache cache() {
		return cache(UnaryOperator.identity());
	}

	// By value, as Django pickles

	@Test
	void byValue_mutatingAValueAfterSet_doesNotChangeTheCache() {
		Cache cache = cache();
		List<String> list = new ArrayList<>(List.of("a"));
		cache.set("list", list);
		list.add("b");
		assertThat(cache.<List<String>>get("list")).containsExactly("a");
	}

	@Test
	void byValue_deeplyImmutableRecord_isKeptUncopied() {
		Cache cache = cache();
		Tagged value = new Tagged("title", List.of("a", "b"), Map.of("k", DayOfWeek.MONDAY), true);
		cache.set("record", value);
		assertThat(cache.<Tagged>get("record")).isSameAs(value);
		Nested nested = new Nested(value, Set.of(1L, 2L));
		cache.set("nested", nested);
		assertThat(cache.<Nested>get("nested")).isSameAs(nested);
	}

	@Test
	void byValue_declaredImmutableValue_isKeptUncopied() {
		Cache cache = cache();
		Page page = new Page(new byte[] { 1, 2 });
		cache.set("page", page);
		assertThat(cache.<Page>get("page")).isSameAs(page);
	}

	@Test
	void byValue_recordHoldingAMutableList_isCopied() {
		Cache cache = cache();
		List<String> tags = new ArrayList<>(List.of("a"));
		Holder value = new Holder(tags);
		cache.set("record", value);
		tags.add("b");
		assertThat(cache.<Holder>get("record")).isNotSameAs(value).isEqualTo(new Holder(List.of("a")));
	}

	@Test
	void byValue_recordWhoseAccessorCopiesAMutableField_isCopied() {
		Cache cache = cache();
		List<String> tags = new ArrayList<>(List.of("a"));
		Guarded value = new Guarded(tags);
		cache.set("record", value);
		tags.add("b");
		assertThat(cache.<Guarded>get("record").tags()).containsExactly("a");
	}

	@Test
	void byValue_unmodifiableViewsAndArrays_areCopied() {
		Cache cache = cache();
		List<String> backing = new ArrayList<>(List.of("a"));
		cache.set("view", Collections.unmodifiableList(backing));
		backing.add("b");
		assertThat(cache.<List<String>>get("view")).containsExactly("a");
		byte[] bytes = { 1 };
		cache.set("array", new WithArray(bytes));
		bytes[0] = 2;
		assertThat(cache.<WithArray>get("array").bytes()).containsExactly(1);
	}

	@Test
	void byValue_immutableRecordOutsideTheAllowList_isRefusedAsACopyWouldBe() {
		Serializer serializer = new JavaSerializer(AllowList.of(List.of("java.lang.String")));
		Cache cache = cache((settings) -> settings.serializer(serializer));
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> cache.set("record", new Holder(List.of("a"))));
		assertThat(cache.hasKey("record")).isFalse();
	}

	@Test
	void byValue_mutatingAResultOfGet_doesNotChangeTheCache() {
		Cache cache = cache();
		cache.set("list", new ArrayList<>(List.of("a")));
		List<String> first = cache.get("list");
		first.add("b");
		List<String> second = cache.get("list");
		assertThat(second).containsExactly("a").isNotSameAs(first);
	}

	@Test
	void byValue_addAndSetMany_storeCopiesToo() {
		Cache cache = cache();
		List<String> added = new ArrayList<>(List.of("a"));
		List<String> many = new ArrayList<>(List.of("a"));
		cache.add("added", added);
		cache.setMany(java.util.Map.of("many", many));
		added.add("b");
		many.add("b");
		assertThat(cache.<List<String>>get("added")).containsExactly("a");
		assertThat(cache.<List<String>>get("many")).containsExactly("a");
	}

	@Test
	void byReference_returnsTheSameInstance() {
		Cache cache = cache((settings) -> settings.option("by-reference", true));
		List<String> list = new ArrayList<>(List.of("a"));
		cache.set("list", list);
		assertThat(cache.<List<String>>get("list")).isSameAs(list);
	}

	@Test
	void byReference_storesValuesNoSerializerAccepts() {
		Cache cache = cache((settings) -> settings.option("by-reference", true));
		Object notSerializable = new Object();
		cache.set("object", notSerializable);
		assertThat(cache.<Object>get("object")).isSameAs(notSerializable);
	}

	@Test
	void byReference_notABoolean_failsNamingTheOption() {
		assertThatExceptionOfType(InvalidCacheBackendException.class)
			.isThrownBy(() -> cache((settings) -> settings.option("by-reference", "sometimes")))
			.withMessage("caches.contract.options.by-reference must be true or false (was 'sometimes')");
	}

	// Stores shared by location, as Django's module-level _caches

	@Test
	void location_same_sharesOneStore() {
		Cache first = cache();
		Cache second = cache((settings) -> settings.timeout(Duration.ofMinutes(1)));
		first.set("value", 42);
		assertThat(second.<Object>get("value")).isEqualTo(42L);
		second.clear();
		assertThat(first.hasKey("value")).isFalse();
	}

	@Test
	void location_different_isolatesStores() {
		// test_multiple_caches
		Cache first = cache();
		Cache other = cache((settings) -> settings.location(this.location + "-other"));
		first.set("value", 42);
		assertThat(other.<Object>get("value")).isNull();
	}

	@Test
	void location_storeOutlivesAnAliasAndEndsWithTheLast() {
		Cache first = cache();
		Cache second = cache();
		first.set("value", 42);
		first.close();
		assertThat(second.<Object>get("value")).isEqualTo(42L);
		second.close();
		assertThat(cache().<Object>get("value")).isNull();
	}

	// The size bound (culling and eviction: LocMemEvictionTests)

	@Test
	void maxEntries_defaultIs300() {
		Cache cache = cache();
		IntStream.range(0, 300).forEach((i) -> cache.set("key" + i, i));
		assertThat(IntStream.range(0, 300).filter((i) -> cache.hasKey("key" + i)).count()).isEqualTo(300);
		IntStream.range(300, 400).forEach((i) -> cache.set("key" + i, i));
		assertThat(IntStream.range(0, 400).filter((i) -> cache.hasKey("key" + i)).count()).isEqualTo(300);
	}

	@Test
	void maxEntries_negative_failsNamingAliasOptionAndValue() {
		assertThatExceptionOfType(InvalidCacheBackendException.class)
			.isThrownBy(() -> cache((settings) -> settings.option("max-entries", -1)))
			.withMessage(
					"caches.contract.options.max-entries must be zero or more (was '-1'); Django would accept it and cull on every write, Cachette refuses it");
	}

	@Test
	void maxEntries_notAnInteger_failsNamingAliasOptionAndValue() {
		assertThatExceptionOfType(InvalidCacheBackendException.class)
			.isThrownBy(() -> cache((settings) -> settings.option("MAX_ENTRIES", "lots")))
			.withMessage(
					"caches.contract.options.max-entries must be an integer (was 'lots'); Django would use 300 instead, Cachette refuses to guess");
	}

	@Test
	void cullFrequency_negative_failsNamingAliasOptionAndValue() {
		assertThatExceptionOfType(InvalidCacheBackendException.class)
			.isThrownBy(() -> cache((settings) -> settings.option("cull-frequency", -3)))
			.withMessage("caches.contract.options.cull-frequency must be zero or more (was '-3')");
	}

	// Entries that cannot be read

	@Test
	void corruptEntry_isReadAsMissAndLogged(CapturedOutput output) {
		Cache cache = cache((settings) -> settings.serializer(new CorruptingSerializer()));
		cache.set("key", List.of("value"));
		assertThat(cache.get("key", "miss")).isEqualTo("miss");
		assertThat(cache.getMany(List.of("key"))).isEmpty();
		assertThat(output).contains("Cache 'contract'").contains(MISS_LOGGED);
	}

	@Test
	void forgedEntry_ofAClassOutsideTheAllowList_isReadAsMissWithoutRunningIt(CapturedOutput output) {
		Gadget.readObjectCalls = 0;
		AllowList permissive = ALLOW_LIST.and(List.of(Gadget.class.getName()));
		Cache writer = cache((settings) -> settings.serializer(new JavaSerializer(permissive)));
		Cache reader = cache();
		writer.set("key", new Gadget());
		assertThat(reader.get("key", "miss")).isEqualTo("miss");
		assertThat(Gadget.readObjectCalls).isZero();
		assertThat(output).contains(MISS_LOGGED);
		// the reader deleted the entry it could not read, so the writer finds none either
		assertThat(writer.<Object>get("key")).isNull();
		writer.set("key", new Gadget());
		assertThat(writer.<Object>get("key")).isInstanceOf(Gadget.class);
		assertThat(Gadget.readObjectCalls).isOne();
	}

	// Asynchronous variants

	@Test
	void async_completesOnTheCallingThread() {
		Cache cache = cache();
		CompletableFuture<Void> set = cache.async().set("key", "value");
		CompletableFuture<@Nullable Object> get = cache.async().get("key");
		assertThat(set).isDone();
		assertThat(get).isCompletedWithValue("value");
	}

	/** Writes bytes that claim to be Java serialization and are not. */
	static final class CorruptingSerializer implements Serializer {

		private final JavaSerializer reader = new JavaSerializer(AllowList.defaults());

		@Override
		public byte[] serialize(@Nullable Object value) {
			return new byte[] { (byte) 0xAC, (byte) 0xED, 0x00, 0x05, 0x73, 0x72, 0x7F };
		}

		@Override
		public @Nullable Object deserialize(byte[] bytes) {
			return this.reader.deserialize(bytes);
		}

	}

	/** A class whose deserialization would run code, as a gadget chain does. */
	static final class Gadget implements Serializable {

		private static final long serialVersionUID = 1L;

		static volatile int readObjectCalls;

		private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
			in.defaultReadObject();
			readObjectCalls++;
		}

	}

	record Tagged(String title, List<String> tags, Map<String, DayOfWeek> days, boolean flag) implements Serializable {
	}

	record Nested(Tagged tagged, Set<Long> ids) implements Serializable {
	}

	record Holder(List<String> tags) implements Serializable {
	}

	record WithArray(byte[] bytes) implements Serializable {
	}

	/**
	 * A record that hands out immutable copies of a mutable field its creator still
	 * holds.
	 */
	record Guarded(List<String> tags) implements Serializable {

		@Override
		public List<String> tags() {
			return List.copyOf(this.tags);
		}

	}

	/** Declares that nothing writes its array after construction. */
	record Page(byte[] body) implements Serializable, ImmutableValue {
	}

}
