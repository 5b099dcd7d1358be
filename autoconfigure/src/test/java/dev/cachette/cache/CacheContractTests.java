package dev.cachette.cache;

import java.io.ByteArrayOutputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.zip.Deflater;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.cachette.cache.backend.BaseCache;
import dev.cachette.cache.revalidation.StampedeStatistics;
import dev.cachette.cache.serialization.AllowList;
import dev.cachette.cache.serialization.JavaSerializer;
import dev.cachette.cache.serialization.JavaSerializerTests;
import dev.cachette.cache.serialization.Serializer;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The behaviour every backend shares, run by every backend: Django's
 * {@code BaseCacheTests} mixin ({@code tests/cache/tests.py}), checking the contract
 * written in {@link Cache}'s Javadoc.
 *
 * <p>
 * A backend's test class extends this one and implements {@link #createCache}: it
 * receives a builder already holding the alias {@code contract} and whatever the test
 * needs (a key prefix, a version, a default timeout, a key function, the fake clock),
 * adds its own settings (location, options), builds them and constructs its cache. Every
 * cache a test creates must share one store or server (the same location), since several
 * tests look at one key through two caches. Tests call {@link #createCache} through
 * {@link #newCache}, which closes each cache after the test, once it is cleared.
 *
 * <p>
 * Where a backend differs, it says so by overriding a flag, and the tests that do not
 * apply skip with {@link org.junit.jupiter.api.Assumptions#assumeTrue}, so the skip shows
 * in the report: {@link #usesFakeClock()} (local backends move a {@link FakeClock};
 * network backends sleep, and only the short real-time expiry test runs for them),
 * {@link #storesValues()}, {@link #supportsNonPortableKeys()},
 * {@link #serializesValues()}, {@link #supportsNegativeCounters()},
 * {@link #supportsLargeValues()}, {@link #supportsDistributedLease()}. One hook,
 * {@link #plantRawBytes}, writes bytes into the store behind the cache's back, for the
 * tests of what a hostile store can hand back.
 *
 * <p>
 * Method names group by operation ({@code incr_missingKey_throws}). Each Django test
 * ported keeps its name in a comment ({@code test_cache_versioning_add}). This file is
 * longer than the 400-line guideline for the reason Django's mixin is: it is one list of
 * behaviours, and splitting it would make each backend's subclass list several bases.
 */
@ExtendWith(OutputCaptureExtension.class)
public abstract class CacheContractTests {

	/** The start of a Java serialization stream, then garbage. */
	private static final byte[] UNREADABLE = { (byte) 0xAC, (byte) 0xED, 0x00, 0x05, 0x7E, 0x7E, 0x7E };

	/** A default no test stores, to tell a stored {@code null} from a miss. */
	protected static final Object MISSING = new Object() {
		@Override
		public String toString() {
			return "MISSING";
		}
	};

	/** Django's {@code custom_key_func}. */
	private static final KeyFunction CUSTOM_KEY_FUNCTION = (key, keyPrefix, version) -> "CUSTOM-" + keyPrefix + "-"
			+ version + "-" + key;

	private static final String KEY_WARNING = "not portable to memcached";

	/** The defaults and {@link Article}, as an application's packages would be. */
	private static final AllowList ALLOW_LIST = AllowList.defaults().and(List.of(Article.class.getName()));

	private static final Duration AWAIT = Duration.ofSeconds(10);

	private final FakeClock clock = new FakeClock();

	private final List<Cache> caches = new ArrayList<>();

	/** The cache under test, created before each test with the alias defaults. */
	protected Cache cache;

	// The factory and the declared differences

	/**
	 * Creates a cache of the backend under test. Add the backend's own settings
	 * (location, options) to the builder, build it and construct the cache. Leave alone
	 * what the builder already holds (alias, timeout, key prefix, version, key function,
	 * clock, options such as {@code key-warnings}): the tests set them. Every cache
	 * created for one test must share the same store or server.
	 * @param settings settings holding the alias {@code contract} and the test's choices
	 * @return a new cache
	 */
	protected abstract Cache createCache(CacheSettings.Builder settings);

	/**
	 * Whether the backend measures expiry with the settings' clock, so that tests move a
	 * {@link FakeClock} instead of sleeping. Tests that need exact or long expiries run
	 * only then.
	 * @return {@code false} by default
	 */
	protected boolean usesFakeClock() {
		return false;
	}

	/**
	 * Whether the backend keeps values at all; {@code false} skips the whole suite (the
	 * dummy backend has its own tests).
	 * @return {@code true} by default
	 */
	protected boolean storesValues() {
		return true;
	}

	/**
	 * Whether keys memcached refuses (whitespace, control characters, over 250
	 * characters) are stored with a logged warning; {@code false} when the backend throws
	 * {@link InvalidCacheKeyException} instead (memcached).
	 * @return {@code true} by default
	 */
	protected boolean supportsNonPortableKeys() {
		return true;
	}

	/**
	 * Whether values go through the alias's serializer and its allow-list; {@code false}
	 * for a backend that keeps references.
	 * @return {@code true} by default
	 */
	protected boolean serializesValues() {
		return true;
	}

	/**
	 * Whether {@code decr} below zero gives a negative number; memcached's own
	 * {@code decr} stops at zero.
	 * @return {@code true} by default
	 */
	protected boolean supportsNegativeCounters() {
		return true;
	}

	/**
	 * Whether {@code incr} stores the sum with the default timeout from now, as Django's
	 * {@code BaseCache.incr} (database, file), rather than keeping the expiry (locmem,
	 * Redis, memcached).
	 * @return {@code false} by default
	 */
	protected boolean incrRestoresTheDefaultTimeout() {
		return false;
	}

	/**
	 * Django's text for {@code incr} of a missing key on this backend.
	 * @param key the key as given
	 * @param storedKey the stored key
	 * @return by default {@code BaseCache.incr}'s, naming the key as given
	 */
	protected String keyNotFoundMessage(String key, String storedKey) {
		return "Key '" + key + "' not found";
	}

	/**
	 * Whether values over 1 MiB are stored; memcached refuses them unless started with a
	 * larger {@code -I}.
	 * @return {@code true} by default
	 */
	protected boolean supportsLargeValues() {
		return true;
	}

	/**
	 * Whether two caches on the same store coordinate through the {@code lease} option,
	 * as two application instances would; {@code false} for a backend whose {@code add}
	 * is not atomic across caches.
	 * @return {@code true} by default
	 */
	protected boolean supportsDistributedLease() {
		return true;
	}

	/**
	 * Puts bytes in the store for a key, bypassing the cache, as whoever can write to the
	 * store could: the cache's next read of the key hands exactly these bytes to its
	 * serializer. The default writes them through a second cache on the same store whose
	 * serializer returns them as they are, and skips for a backend that serializes
	 * nothing; a backend with a store to write to directly (a file, a table, a server)
	 * overrides it.
	 * @param key the key, as given to the cache
	 * @param value the bytes
	 * @throws Exception if the store cannot be written
	 */
	protected void plantRawBytes(String key, byte[] value) throws Exception {
		assumeTrue(serializesValues(), "the backend stores references: there are no bytes to plant");
		// a mutable list, which even a local cache keeping immutable values stores as
		// bytes
		newCache((settings) -> settings.serializer(new Planting(value))).set(key, new ArrayList<>(List.of("planted")));
	}

	/**
	 * The fake clock given to every cache when {@link #usesFakeClock()}.
	 * @return the clock
	 * @throws IllegalStateException if the backend does not use it
	 */
	protected FakeClock clock() {
		if (!usesFakeClock()) {
			throw new IllegalStateException(getClass().getSimpleName() + " does not use the fake clock");
		}
		return this.clock;
	}

	/**
	 * Lets time pass: moves the fake clock, or sleeps for real when the backend does not
	 * use it.
	 * @param duration how long
	 */
	protected void elapse(Duration duration) {
		if (usesFakeClock()) {
			this.clock.advance(duration);
			return;
		}
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Creates another cache on the same store, closed after the test.
	 * @param customizer changes the suite's settings (a prefix, a version, a timeout, a
	 * key function)
	 * @return the new cache
	 */
	protected Cache newCache(UnaryOperator<CacheSettings.Builder> customizer) {
		CacheSettings.Builder settings = CacheSettings.builder("contract").serializer(new JavaSerializer(ALLOW_LIST));
		if (usesFakeClock()) {
			settings.clock(this.clock);
		}
		Cache created = createCache(customizer.apply(settings));
		this.caches.add(created);
		return created;
	}

	@BeforeEach
	void createCacheUnderTest() {
		assumeTrue(storesValues(), "the backend stores nothing; it has its own tests");
		this.cache = newCache(UnaryOperator.identity());
	}

	@AfterEach
	void clearAndCloseCaches() {
		try {
			this.caches.forEach(Cache::clear);
		}
		finally {
			this.caches.forEach(Cache::close);
			this.caches.clear();
		}
	}

	// get

	@Test
	void get_afterSet_returnsValue() {
		// test_simple
		this.cache.set("key", "value");
		assertThat(valueOf(this.cache, "key")).isEqualTo("value");
	}

	@Test
	void get_missingKey_returnsNull() {
		// test_non_existent
		assertThat(valueOf(this.cache, "does_not_exist")).isNull();
	}

	@Test
	void get_missingKeyWithDefault_returnsDefault() {
		assertThat(this.cache.get("does_not_exist", "bang!")).isEqualTo("bang!");
	}

	@Test
	void get_storedNull_returnsNullNotDefault() {
		// test_default_used_when_none_is_set
		this.cache.set("key_default_none", null);
		assertThat(this.cache.get("key_default_none", "default")).isNull();
	}

	@Test
	void get_sentinelDefault_distinguishesStoredNull() {
		this.cache.set("null", null);
		assertThat(this.cache.get("null", MISSING)).isNull();
		assertThat(this.cache.get("absent", MISSING)).isSameAs(MISSING);
	}

	// set

	@Test
	void set_existingKey_overwrites() {
		this.cache.set("key", "first");
		this.cache.set("key", "second");
		assertThat(valueOf(this.cache, "key")).isEqualTo("second");
	}

	@Test
	void set_zeroTimeout_deletesKey() {
		// test_zero_timeout
		this.cache.set("key1", "eggs");
		this.cache.set("key1", "eggs", Duration.ZERO);
		assertThat(this.cache.get("key1", MISSING)).isSameAs(MISSING);
		this.cache.set("key2", "eggs", Duration.ZERO);
		assertThat(this.cache.hasKey("key2")).isFalse();
	}

	@Test
	void set_negativeTimeout_deletesKey() {
		this.cache.set("key", "eggs");
		this.cache.set("key", "ham", Duration.ofSeconds(-1));
		assertThat(this.cache.get("key", MISSING)).isSameAs(MISSING);
	}

	@Test
	void set_valueOutsideAllowList_throwsNamingTheClassAndKeepsOldValue() {
		assumeTrue(serializesValues(), "the backend stores references, not serialized values");
		this.cache.set("key", "old");
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> this.cache.set("key", new NotAllowed("gadget")))
			.withMessageContaining(NotAllowed.class.getName());
		assertThat(valueOf(this.cache, "key")).isEqualTo("old");
	}

	@Test
	void set_valueHoldingAClassOutsideAllowList_throws() {
		assumeTrue(serializesValues(), "the backend stores references, not serialized values");
		List<Object> list = new ArrayList<>(List.of("fine", new NotAllowed("gadget")));
		assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> this.cache.set("key", list))
			.withMessageContaining(NotAllowed.class.getName());
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> this.cache.add("other", new NotAllowed("gadget")))
			.withMessageContaining(NotAllowed.class.getName());
		assertThat(this.cache.hasKey("key")).isFalse();
		assertThat(this.cache.hasKey("other")).isFalse();
	}

	@Test
	void set_unserializableValue_throwsNamingTheClass() {
		// test_set_fail_on_pickleerror, test_add_fail_on_pickleerror
		assumeTrue(serializesValues(), "the backend stores references, not serialized values");
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> this.cache.set("unpicklable", new Unpicklable()))
			.withMessageContaining(Unpicklable.class.getName());
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> this.cache.add("unpicklable", new Unpicklable()))
			.withMessageContaining(Unpicklable.class.getName());
		assertThat(this.cache.hasKey("unpicklable")).isFalse();
	}

	// get from a hostile store (issue 14, item 6)

	@Test
	void get_plantedBytes_areReadAsTheSerializerWroteThem() throws Exception {
		// the control for the test below: the hook plants where the cache reads
		plantRawBytes("planted", new JavaSerializer(ALLOW_LIST).serialize(List.of("planted")));
		assertThat(valueOf(this.cache, "planted")).isEqualTo(List.of("planted"));
	}

	@Test
	void get_plantedHostileBytes_isALoggedMissWithinBudget(CapturedOutput output) throws Exception {
		byte[] longArray = JavaSerializerTests.writeWithoutAllowList(new long[] { 7 });
		java.nio.ByteBuffer.wrap(longArray).putInt(longArray.length - 12, 100_000_000);
		List<byte[]> hostile = List.of(longArray,
				JavaSerializerTests.writeWithoutAllowList(JavaSerializerTests.serialDos(24)),
				JavaSerializerTests.hashSetRepeating(JavaSerializerTests.sharedLists(16), 12_000),
				JavaSerializerTests.writeWithoutAllowList(new NotAllowed("gadget")),
				"{\"value\":{\"@class\":\"java.util.Timer\"}}".getBytes(StandardCharsets.UTF_8),
				new byte[] { (byte) 0xAC, (byte) 0xED, 0x00, 0x05, 0x7E, 0x7E, 0x7E });
		for (byte[] bytes : hostile) {
			plantRawBytes("planted", bytes);
			ReadCost cost = ReadCost.of(() -> this.cache.get("planted", MISSING));
			assertThat(cost.value()).as("%s", cost).isSameAs(MISSING);
			assertThat(cost.thrown()).as("%s", cost).isNull();
			assertThat(cost.cpuMillis()).as("%s", cost).isLessThan(50);
			assertThat(cost.allocatedBytes()).as("%s", cost).isLessThan(4 << 20);
		}
		assertThat(output).contains("could not be read and is treated as a miss");
	}

	/**
	 * An entry that cannot be read no longer poisons its key: the read that meets it
	 * deletes it, so {@code getOrSet}'s {@code add} stores the computed value.
	 */
	@Test
	void getOrSet_unreadableEntry_isRepairedByTheNextGetOrSet(CapturedOutput output) throws Exception {
		plantRawBytes("corrupt", UNREADABLE);
		AtomicInteger calls = new AtomicInteger();
		assertThat(this.cache.<String>getOrSet("corrupt", () -> "fresh" + calls.incrementAndGet())).isEqualTo("fresh1");
		assertThat(this.cache.<String>getOrSet("corrupt", () -> "fresh" + calls.incrementAndGet())).isEqualTo("fresh1");
		assertThat(valueOf(this.cache, "corrupt")).isEqualTo("fresh1");
		assertThat(calls).hasValue(1);
		assertThat(this.cache.statistics().unreadableEntries()).isEqualTo(1);
		assertThat(output)
			.contains("'" + this.cache.makeKey("corrupt") + "' could not be read and is treated as a miss");
	}

	@Test
	void get_unreadableEntries_areDeletedAndLoggedOncePerKey(CapturedOutput output) throws Exception {
		plantRawBytes("corrupt", UNREADABLE);
		assertThat(this.cache.get("corrupt", MISSING)).isSameAs(MISSING);
		assertThat(this.cache.add("corrupt", "added")).isTrue();
		plantRawBytes("corrupt", UNREADABLE);
		assertThat(this.cache.get("corrupt", MISSING)).isSameAs(MISSING);
		assertThat(this.cache.add("corrupt", "added again")).isTrue();
		plantRawBytes("corrupt", UNREADABLE);
		assertThat(this.cache.getMany(List.of("corrupt", "absent"))).isEmpty();
		assertThat(this.cache.add("corrupt", "added by the third")).isTrue();
		assertThat(valueOf(this.cache, "corrupt")).isEqualTo("added by the third");
		assertThat(this.cache.statistics().unreadableEntries()).isEqualTo(3);
		String logged = "'" + this.cache.makeKey("corrupt") + "' could not be read";
		assertThat(output.getAll().split(java.util.regex.Pattern.quote(logged), -1)).as("logged once").hasSize(2);
	}

	// add

	@Test
	void add_absentKey_storesAndReturnsTrue() {
		// test_add
		assertThat(this.cache.add("addkey1", "value")).isTrue();
		assertThat(valueOf(this.cache, "addkey1")).isEqualTo("value");
	}

	@Test
	void add_existingKey_returnsFalseAndKeepsValue() {
		this.cache.add("addkey1", "value");
		assertThat(this.cache.add("addkey1", "newvalue")).isFalse();
		assertThat(valueOf(this.cache, "addkey1")).isEqualTo("value");
	}

	@Test
	void add_keyHoldingNull_returnsFalse() {
		this.cache.set("null", null);
		assertThat(this.cache.add("null", "value")).isFalse();
		assertThat(this.cache.get("null", MISSING)).isNull();
	}

	@Test
	void add_null_isStored() {
		assertThat(this.cache.add("null", null)).isTrue();
		assertThat(this.cache.get("null", MISSING)).isNull();
	}

	@Test
	void add_expiredKey_storesAndReturnsTrue() {
		assumeTrue(usesFakeClock(), "needs the fake clock; see expiry_realTime_followsEachTimeout");
		this.cache.set("key", "old", Duration.ofSeconds(1));
		elapse(Duration.ofSeconds(1));
		assertThat(this.cache.add("key", "new")).isTrue();
		assertThat(valueOf(this.cache, "key")).isEqualTo("new");
	}

	@Test
	void add_timeout_expiresTheValue() {
		assumeTrue(usesFakeClock(), "needs the fake clock");
		assertThat(this.cache.add("key", "value", Duration.ofSeconds(5))).isTrue();
		elapse(Duration.ofMillis(4999));
		assertThat(valueOf(this.cache, "key")).isEqualTo("value");
		elapse(Duration.ofMillis(1));
		assertThat(this.cache.hasKey("key")).isFalse();
	}

	@Test
	void add_zeroTimeout_returnsWhetherAbsentAndStoresNothing() {
		// test_zero_timeout
		assertThat(this.cache.add("key2", "ham", Duration.ZERO)).isTrue();
		assertThat(this.cache.hasKey("key2")).isFalse();
		this.cache.set("present", "kept");
		assertThat(this.cache.add("present", "ham", Duration.ZERO)).isFalse();
		assertThat(this.cache.add("present", "ham", Duration.ofSeconds(-1))).isFalse();
		assertThat(valueOf(this.cache, "present")).isEqualTo("kept");
	}

	@Test
	void add_concurrentOnOneKey_exactlyOneWins() throws Exception {
		int threads = 8;
		for (int round = 0; round < 20; round++) {
			String key = "race" + round;
			List<Boolean> results = runConcurrently(threads, (thread) -> this.cache.add(key, "thread" + thread));
			assertThat(results).as("round %d", round).containsOnlyOnce(true);
			int winner = results.indexOf(true);
			assertThat(valueOf(this.cache, key)).isEqualTo("thread" + winner);
		}
	}

	// getOrSet

	@Test
	void getOrSet_missingKey_callsSupplierOnceAndStores() {
		// test_get_or_set_callable
		AtomicInteger calls = new AtomicInteger();
		assertThat(this.cache.getOrSet("mykey", () -> "value" + calls.incrementAndGet())).isEqualTo("value1");
		assertThat(this.cache.getOrSet("mykey", () -> "value" + calls.incrementAndGet())).isEqualTo("value1");
		assertThat(calls).hasValue(1);
		assertThat(valueOf(this.cache, "mykey")).isEqualTo("value1");
	}

	@Test
	void getOrSet_existingKey_returnsItWithoutCallingSupplier() {
		this.cache.set("key", "existing");
		AtomicInteger calls = new AtomicInteger();
		assertThat(this.cache.getOrSet("key", () -> "computed" + calls.incrementAndGet())).isEqualTo("existing");
		assertThat(this.cache.getOrSet("key", () -> "computed", Duration.ofSeconds(5))).isEqualTo("existing");
		assertThat(calls).hasValue(0);
	}

	@Test
	void getOrSet_keyHoldingNull_returnsNullWithoutCallingSupplier() {
		this.cache.set("null", null);
		AtomicInteger calls = new AtomicInteger();
		assertThat(this.cache.<Object>getOrSet("null", () -> "computed" + calls.incrementAndGet())).isNull();
		assertThat(calls).hasValue(0);
	}

	@Test
	void getOrSet_keyAddedWhileComputing_returnsTheOtherCallersValue() {
		// test_get_or_set_racing: Django reads again after its add
		Cache otherCaller = newCache(UnaryOperator.identity());
		Object result = this.cache.getOrSet("key", () -> {
			otherCaller.add("key", "theirs");
			return "mine";
		});
		assertThat(result).isEqualTo("theirs");
		assertThat(valueOf(this.cache, "key")).isEqualTo("theirs");
	}

	// the distributed lease: two caches on one store are two application instances

	private Cache instance(String lease, String lockTimeout) {
		assumeTrue(supportsDistributedLease(), "the backend has no distributed lease");
		return newCache((settings) -> settings.option("lease", lease).option("lock-timeout", lockTimeout));
	}

	/** Real time, for the threads of the lease tests, whatever the clock. */
	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static StampedeStatistics stampede(Cache cache) {
		return ((BaseCache) cache).stampedeStatistics();
	}

	@Test
	void lease_twoInstancesManyConcurrentMissesOfOneKey_runTheSupplierOnceInTotal() throws Exception {
		List<Cache> instances = List.of(instance("10s", "30s"), instance("10s", "30s"));
		AtomicInteger calls = new AtomicInteger();
		List<Object> results = Concurrently.run(40, Duration.ofSeconds(30),
				(thread) -> instances.get(thread % 2).getOrSet("hot", () -> {
					sleep(Duration.ofMillis(200));
					return "value" + calls.incrementAndGet();
				}));
		assertThat(calls).hasValue(1);
		assertThat(results).containsOnly("value1");
		assertThat(stampede(instances.get(0)).leaseWaits() + stampede(instances.get(1)).leaseWaits())
			.as("the instance that lost the lease waited for it once")
			.isEqualTo(1);
	}

	@Test
	void lease_holderThatDies_blocksOtherInstancesUntilTheLeaseExpiresNotLonger() throws Exception {
		Cache crashed = instance("2s", "30s");
		Cache other = instance("2s", "30s");
		CacheLock held = crashed.lock("key");
		assertThat(held.acquired()).isTrue();
		AtomicInteger calls = new AtomicInteger();
		long start = System.nanoTime();
		CompletableFuture<Object> waiter = CompletableFuture
			.supplyAsync(() -> other.getOrSet("key", () -> "computed" + calls.incrementAndGet()));
		if (usesFakeClock()) {
			sleep(Duration.ofMillis(300));
			assertThat(waiter).as("still waiting for the lease").isNotDone();
			elapse(Duration.ofMillis(2001));
			assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo("computed1");
		}
		else {
			assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo("computed1");
			// memcached counts expiry in whole seconds, so a 2s lease may end after 1s.
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1))
				.isLessThan(Duration.ofSeconds(5));
		}
		assertThat(calls).hasValue(1);
		assertThat(stampede(other).leaseWaits()).isEqualTo(1);
		assertThat(stampede(other).lockTimeouts()).isZero();
		held.close();
	}

	@Test
	void lease_waitIsBoundedByLockTimeout() throws Exception {
		Cache holder = instance("30s", "30s");
		Cache impatient = instance("30s", "300ms");
		try (CacheLock held = holder.lock("key")) {
			assertThat(held.acquired()).isTrue();
			long start = System.nanoTime();
			assertThat(impatient.<Object>getOrSet("key", () -> "computed")).isEqualTo("computed");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300))
				.isLessThan(Duration.ofSeconds(10));
			assertThat(stampede(impatient).lockTimeouts()).isEqualTo(1);
			try (CacheLock waiting = impatient.lock("key")) {
				assertThat(waiting.acquired()).isFalse();
				assertThat(waiting.awaitRelease()).isFalse();
			}
			assertThat(stampede(impatient).lockTimeouts()).isEqualTo(2);
		}
	}

	@Test
	void lease_lockAcrossInstances_waitsForTheHoldersRelease() throws Exception {
		Cache first = instance("30s", "30s");
		Cache second = instance("30s", "30s");
		CacheLock held = first.lock("page");
		assertThat(held.acquired()).isTrue();
		assertThat(this.cache.hasKey("page:lease")).as("the lease key is documented").isTrue();
		try (CacheLock waiting = second.lock("page")) {
			assertThat(waiting.acquired()).isFalse();
			CompletableFuture<Boolean> released = CompletableFuture.supplyAsync(waiting::awaitRelease);
			sleep(Duration.ofMillis(100));
			assertThat(released).isNotDone();
			first.set("page", "rendered");
			held.close();
			held.close();
			assertThat(released.get(10, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(this.cache.hasKey("page:lease")).isFalse();
		assertThat(second.get("page", MISSING)).isEqualTo("rendered");
		try (CacheLock again = second.lock("page")) {
			assertThat(again.acquired()).isTrue();
		}
	}

	@Test
	void lease_expiredLeaseTakenByAnother_isNotDeletedByItsFormerHolder() {
		Cache first = instance("1s", "30s");
		Cache second = instance("1s", "30s");
		CacheLock stale = first.lock("key");
		assertThat(stale.acquired()).isTrue();
		elapse(Duration.ofMillis(2100));
		try (CacheLock taken = second.lock("key")) {
			assertThat(taken.acquired()).isTrue();
			stale.close();
			try (CacheLock third = newCache((settings) -> settings.option("lease", "1s")).lock("key")) {
				assertThat(third.acquired()).as("compare-and-delete left the new holder's lease").isFalse();
			}
		}
	}

	@Test
	void lease_supplierFailure_releasesTheLease() {
		Cache first = instance("30s", "30s");
		Cache second = instance("30s", "30s");
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> first.getOrSet("key", () -> {
			throw new IllegalStateException("database down");
		}));
		try (CacheLock lock = second.lock("key")) {
			assertThat(lock.acquired()).isTrue();
		}
	}

	@Test
	void getOrSet_value_addsOnMissAndReturnsExisting() {
		// test_get_or_set
		assertThat(valueOf(this.cache, "projector")).isNull();
		assertThat(this.cache.getOrSet("projector", "first")).isEqualTo("first");
		assertThat(valueOf(this.cache, "projector")).isEqualTo("first");
		assertThat(this.cache.getOrSet("projector", "second")).isEqualTo("first");
	}

	@Test
	void getOrSet_nullResult_isStored() {
		// test_get_or_set, test_get_or_set_callable
		assertThat(this.cache.getOrSet("null", (Object) null)).isNull();
		assertThat(this.cache.get("null", "default")).isNull();
		assertThat(this.cache.<Object>getOrSet("null2", () -> null)).isNull();
		assertThat(this.cache.get("null2", "default")).isNull();
	}

	@Test
	void getOrSet_integer_returnsLong() {
		assertThat(this.cache.<Object>getOrSet("number", () -> 42)).isEqualTo(42L);
		assertThat(this.cache.<Object>getOrSet("number", () -> 0)).isEqualTo(42L);
	}

	@Test
	void getOrSet_timeout_appliesToComputedValue() {
		assumeTrue(usesFakeClock(), "needs the fake clock");
		assertThat(this.cache.getOrSet("key", () -> "value", Duration.ofSeconds(5))).isEqualTo("value");
		elapse(Duration.ofMillis(4999));
		assertThat(this.cache.hasKey("key")).isTrue();
		elapse(Duration.ofMillis(1));
		assertThat(this.cache.hasKey("key")).isFalse();
	}

	@Test
	void getOrSet_zeroTimeout_returnsComputedValueAndStoresNothing() {
		AtomicInteger calls = new AtomicInteger();
		assertThat(this.cache.getOrSet("key", () -> "value" + calls.incrementAndGet(), Duration.ZERO))
			.isEqualTo("value1");
		assertThat(this.cache.hasKey("key")).isFalse();
	}

	@Test
	void getOrSet_otherVersion_isSeparate() {
		// test_get_or_set_version
		// Integers come back as Long, so the results are read as Object.
		assertThat(this.cache.withVersion(2).<Object>getOrSet("brian", 1979)).isEqualTo(1979L);
		assertThat(valueOf(this.cache, "brian")).isNull();
		assertThat(this.cache.<Object>getOrSet("brian", 42)).isEqualTo(42L);
		assertThat(this.cache.withVersion(2).<Object>getOrSet("brian", 1)).isEqualTo(1979L);
		assertThat(valueOf(this.cache.withVersion(3), "brian")).isNull();
	}

	@Test
	void getOrSet_concurrentMissesOfOneKey_callSupplierOnce() throws Exception {
		// Single-flight, and the read again after winning it, make this exact.
		AtomicInteger calls = new AtomicInteger();
		List<Object> results = runConcurrently(16,
				(thread) -> this.cache.getOrSet("hot", () -> "value" + calls.incrementAndGet()));
		assertThat(results).containsOnly("value1");
		assertThat(calls).hasValue(1);
	}

	@Test
	void getOrSet_refresh_plainReadsSeeTheValueUntilItsTimeoutAndNeverTheEnvelope() {
		Refresh refresh = Refresh.staleWhileRevalidate(Duration.ofSeconds(30)).earlyRecompute(0);
		assertThat(this.cache.<Object>getOrSet("article", Duration.ofSeconds(5), () -> "text", refresh))
			.isEqualTo("text");
		assertThat(this.cache.<Object>getOrSet("number", Duration.ofSeconds(5), () -> 42, refresh)).isEqualTo(42L);
		assertThat(this.cache.<Object>getOrSet("article", Duration.ofSeconds(5), () -> "other", refresh))
			.isEqualTo("text");
		assertThat(valueOf(this.cache, "article")).isEqualTo("text");
		assertThat(this.cache.getMany(List.of("article", "number"))).containsExactly(entry("article", "text"),
				entry("number", 42L));
		assertThat(this.cache.hasKey("article")).isTrue();
		assumeTrue(usesFakeClock(), "the expiry needs the fake clock");
		elapse(Duration.ofSeconds(5));
		assertThat(this.cache.get("article", MISSING)).isSameAs(MISSING);
		assertThat(this.cache.getMany(List.of("article", "number"))).isEmpty();
		assertThat(this.cache.hasKey("article")).isFalse();
	}

	// getMany

	@Test
	void getMany_presentKeys_returnsThemInGivenOrder() {
		// test_get_many
		this.cache.setMany(Map.of("a", "a", "b", "b", "c", "c", "d", "d"));
		assertThat(this.cache.getMany(List.of("d", "a", "c"))).containsExactly(entry("d", "d"), entry("a", "a"),
				entry("c", "c"));
	}

	@Test
	void getMany_missingKeys_areAbsent() {
		this.cache.setMany(Map.of("a", "a", "b", "b"));
		assertThat(this.cache.getMany(List.of("a", "b", "e"))).containsExactly(entry("a", "a"), entry("b", "b"));
		assertThat(this.cache.getMany(Set.of("x", "y"))).isEmpty();
	}

	@Test
	void getMany_storedNull_isPresentWithNullValue() {
		Map<String, @Nullable Object> values = new LinkedHashMap<>();
		values.put("x", null);
		values.put("y", 1);
		this.cache.setMany(values);
		assertThat(this.cache.getMany(List.of("x", "y"))).containsExactly(entry("x", null), entry("y", 1L));
	}

	@Test
	void getMany_emptyInput_returnsEmptyMap() {
		assertThat(this.cache.getMany(List.of())).isEmpty();
	}

	// hasKey

	@Test
	void hasKey_presentKey_isTrue() {
		// test_has_key, test_in
		this.cache.set("hello1", "goodbye1");
		assertThat(this.cache.hasKey("hello1")).isTrue();
		assertThat(this.cache.hasKey("goodbye1")).isFalse();
	}

	@Test
	void hasKey_keyHoldingNullOrNeverExpiring_isTrue() {
		this.cache.set("no_expiry", "here", Cache.FOREVER);
		this.cache.set("null", null);
		assertThat(this.cache.hasKey("no_expiry")).isTrue();
		assertThat(this.cache.hasKey("null")).isTrue();
	}

	@Test
	void hasKey_expiredKey_isFalse() {
		assumeTrue(usesFakeClock(), "needs the fake clock; see expiry_realTime_followsEachTimeout");
		this.cache.set("key", "value", Duration.ofSeconds(1));
		elapse(Duration.ofSeconds(1));
		assertThat(this.cache.hasKey("key")).isFalse();
	}

	// setMany

	@Test
	void setMany_storesEveryValueAndReturnsEmptyList() {
		// test_set_many, test_set_many_returns_empty_list_on_success
		assertThat(this.cache.setMany(Map.of("key1", "spam", "key2", "eggs"))).isEmpty();
		assertThat(valueOf(this.cache, "key1")).isEqualTo("spam");
		assertThat(valueOf(this.cache, "key2")).isEqualTo("eggs");
	}

	@Test
	void setMany_emptyInput_returnsEmptyList() {
		// test_set_many_empty_data
		assertThat(this.cache.setMany(Map.of())).isEmpty();
		assertThat(this.cache.setMany(Map.of(), Duration.ofSeconds(5))).isEmpty();
	}

	@Test
	void setMany_existingKeys_overwrites() {
		this.cache.set("key1", "old");
		this.cache.setMany(Map.of("key1", "new"));
		assertThat(valueOf(this.cache, "key1")).isEqualTo("new");
	}

	@Test
	void setMany_timeout_appliesToEveryValue() {
		// test_set_many_expiration
		assumeTrue(usesFakeClock(), "needs the fake clock; see expiry_realTime_followsEachTimeout");
		assertThat(this.cache.setMany(Map.of("key1", "spam", "key2", "eggs"), Duration.ofSeconds(1))).isEmpty();
		elapse(Duration.ofMillis(999));
		assertThat(this.cache.getMany(List.of("key1", "key2"))).hasSize(2);
		elapse(Duration.ofMillis(1));
		assertThat(this.cache.getMany(List.of("key1", "key2"))).isEmpty();
	}

	@Test
	void setMany_zeroTimeout_deletesKeys() {
		// test_zero_timeout
		this.cache.set("key3", "old");
		assertThat(this.cache.setMany(Map.of("key3", "sausage", "key4", "lobster bisque"), Duration.ZERO)).isEmpty();
		assertThat(this.cache.getMany(List.of("key3", "key4"))).isEmpty();
	}

	// delete, deleteMany, clear

	@Test
	void delete_existingKey_removesItAndReturnsTrue() {
		// test_delete
		this.cache.setMany(Map.of("key1", "spam", "key2", "eggs"));
		assertThat(this.cache.delete("key1")).isTrue();
		assertThat(this.cache.hasKey("key1")).isFalse();
		assertThat(valueOf(this.cache, "key2")).isEqualTo("eggs");
	}

	@Test
	void delete_keyHoldingNull_returnsTrue() {
		this.cache.set("null", null);
		assertThat(this.cache.delete("null")).isTrue();
	}

	@Test
	void delete_missingKey_returnsFalse() {
		// test_delete_nonexistent
		assertThat(this.cache.delete("nonexistent_key")).isFalse();
	}

	@Test
	void deleteMany_removesOnlyTheGivenKeys() {
		// test_delete_many
		this.cache.setMany(Map.of("key1", "spam", "key2", "eggs", "key3", "ham"));
		this.cache.deleteMany(List.of("key1", "key2", "never_set"));
		assertThat(this.cache.getMany(List.of("key1", "key2", "key3"))).containsExactly(entry("key3", "ham"));
	}

	@Test
	void deleteMany_emptyInput_doesNothing() {
		// test_delete_many_no_keys
		this.cache.set("key", "value");
		this.cache.deleteMany(List.of());
		assertThat(valueOf(this.cache, "key")).isEqualTo("value");
	}

	@Test
	void clear_removesEveryKeyOfEveryVersion() {
		// test_clear
		this.cache.setMany(Map.of("key1", "spam", "key2", "eggs"));
		this.cache.withVersion(2).set("key1", "v2");
		this.cache.clear();
		assertThat(this.cache.getMany(List.of("key1", "key2"))).isEmpty();
		assertThat(this.cache.withVersion(2).hasKey("key1")).isFalse();
	}

	// touch

	@Test
	void touch_existingKey_returnsTrue() {
		this.cache.set("key", "value");
		assertThat(this.cache.touch("key")).isTrue();
		assertThat(this.cache.touch("key", Duration.ofSeconds(10))).isTrue();
		assertThat(valueOf(this.cache, "key")).isEqualTo("value");
	}

	@Test
	void touch_missingKey_returnsFalse() {
		// test_touch
		assertThat(this.cache.touch("nonexistent")).isFalse();
		assertThat(this.cache.touch("nonexistent", Duration.ofSeconds(10))).isFalse();
		assertThat(this.cache.hasKey("nonexistent")).isFalse();
	}

	@Test
	void touch_newTimeout_extendsExpiry() {
		// test_touch
		assumeTrue(usesFakeClock(), "needs the fake clock; see expiry_realTime_followsEachTimeout");
		this.cache.set("expire1", "very quickly", Duration.ofSeconds(1));
		assertThat(this.cache.touch("expire1", Duration.ofSeconds(4))).isTrue();
		elapse(Duration.ofSeconds(2));
		assertThat(this.cache.hasKey("expire1")).isTrue();
		elapse(Duration.ofMillis(1999));
		assertThat(this.cache.hasKey("expire1")).isTrue();
		elapse(Duration.ofMillis(1));
		assertThat(this.cache.hasKey("expire1")).isFalse();
	}

	@Test
	void touch_newTimeout_canShortenExpiry() {
		assumeTrue(usesFakeClock(), "needs the fake clock");
		this.cache.set("key", "value", Duration.ofHours(1));
		assertThat(this.cache.touch("key", Duration.ofSeconds(1))).isTrue();
		elapse(Duration.ofSeconds(1));
		assertThat(this.cache.hasKey("key")).isFalse();
	}

	@Test
	void touch_noTimeout_appliesDefaultTimeoutFromNow() {
		// test_touch
		assumeTrue(usesFakeClock(), "needs the fake clock");
		this.cache.set("expire1", "very quickly", Duration.ofSeconds(1));
		assertThat(this.cache.touch("expire1")).isTrue();
		elapse(Duration.ofSeconds(299));
		assertThat(this.cache.hasKey("expire1")).isTrue();
		elapse(Duration.ofSeconds(1));
		assertThat(this.cache.hasKey("expire1")).isFalse();
	}

	@Test
	void touch_zeroTimeout_expiresKeyAtOnce() {
		// test_zero_timeout
		this.cache.set("key5", "belgian fries", Duration.ofSeconds(5));
		assertThat(this.cache.touch("key5", Duration.ZERO)).isTrue();
		assertThat(this.cache.get("key5", MISSING)).isSameAs(MISSING);
		this.cache.set("key6", "belgian fries");
		assertThat(this.cache.touch("key6", Duration.ofSeconds(-1))).isTrue();
		assertThat(this.cache.hasKey("key6")).isFalse();
	}

	@Test
	void touch_forever_neverExpires() {
		// test_forever_timeout
		assumeTrue(usesFakeClock(), "needs the fake clock; see expiry_realTime_followsEachTimeout");
		this.cache.set("key5", "belgian fries", Duration.ofSeconds(1));
		assertThat(this.cache.touch("key5", Cache.FOREVER)).isTrue();
		elapse(Duration.ofDays(3650));
		assertThat(valueOf(this.cache, "key5")).isEqualTo("belgian fries");
	}

	// incr, decr

	@Test
	void incr_byOne_returnsAndStoresNewValue() {
		// test_incr
		this.cache.set("answer", 41);
		assertThat(this.cache.incr("answer")).isEqualTo(42);
		assertThat(valueOf(this.cache, "answer")).isEqualTo(42L);
	}

	@Test
	void incr_byDelta_addsDelta() {
		this.cache.set("answer", 42L);
		assertThat(this.cache.incr("answer", 10)).isEqualTo(52);
		assertThat(valueOf(this.cache, "answer")).isEqualTo(52L);
		assertThat(this.cache.incr("answer", -10)).isEqualTo(42);
		assertThat(valueOf(this.cache, "answer")).isEqualTo(42L);
	}

	@Test
	void incr_missingKey_throws() {
		assertThatExceptionOfType(CacheKeyNotFoundException.class).isThrownBy(() -> this.cache.incr("does_not_exist"))
			.withMessageContaining("does_not_exist");
		assertThatExceptionOfType(CacheKeyNotFoundException.class)
			.isThrownBy(() -> this.cache.incr("does_not_exist", -1));
		assertThat(this.cache.hasKey("does_not_exist")).isFalse();
	}

	@Test
	void incr_nonIntegerValue_throws() {
		this.cache.set("text", "forty-two");
		this.cache.set("null", null);
		this.cache.set("list", List.of(1, 2));
		this.cache.set("decimal", 4.2);
		for (String key : List.of("text", "null", "list", "decimal")) {
			assertThatExceptionOfType(CacheValueNotIntegerException.class).as(key)
				.isThrownBy(() -> this.cache.incr(key))
				.isInstanceOf(IllegalArgumentException.class)
				.withMessageContaining(this.cache.makeKey(key));
		}
		assertThat(valueOf(this.cache, "text")).isEqualTo("forty-two");
	}

	/**
	 * {@code LocMemCacheTests.test_incr_decr_timeout} where Django's {@code incr} is the
	 * store's own (locmem, Redis, memcached): the expiry is kept. Where Django inherits
	 * {@code BaseCache.incr} (database, file), which re-stores the sum with
	 * {@code set(key, value)}, the default timeout starts again: a 10 s entry incremented
	 * after 5 s lives 300 s more.
	 */
	@Test
	void incr_expiry_isKeptOrRestoredAsDjango() {
		assumeTrue(usesFakeClock(), "needs the fake clock; see expiry_realTime_followsEachTimeout");
		this.cache.set("counter", 1, Duration.ofSeconds(10));
		elapse(Duration.ofSeconds(5));
		assertThat(this.cache.incr("counter")).isEqualTo(2);
		assertThat(this.cache.decr("counter", 5)).isEqualTo(-3);
		Duration left = incrRestoresTheDefaultTimeout() ? Duration.ofSeconds(300) : Duration.ofSeconds(5);
		elapse(left.minusMillis(1));
		assertThat(valueOf(this.cache, "counter")).isEqualTo(-3L);
		elapse(Duration.ofMillis(1));
		assertThat(this.cache.hasKey("counter")).isFalse();
	}

	@Test
	void incr_foreverKey_staysForever() {
		assumeTrue(usesFakeClock(), "needs the fake clock");
		assumeFalse(incrRestoresTheDefaultTimeout(), "incr stores the sum with the default timeout");
		this.cache.set("counter", 1, Cache.FOREVER);
		this.cache.incr("counter");
		elapse(Duration.ofDays(3650));
		assertThat(valueOf(this.cache, "counter")).isEqualTo(2L);
	}

	@Test
	void incr_integerStored_comesBackAsLong() {
		this.cache.set("int", 5);
		this.cache.set("short", (short) 5);
		this.cache.set("byte", (byte) 5);
		assertThat(this.cache.getMany(List.of("int", "short", "byte"))).containsExactly(entry("int", 5L),
				entry("short", 5L), entry("byte", 5L));
		assertThat(this.cache.incr("int")).isEqualTo(6);
		assertThat(this.cache.incr("short")).isEqualTo(6);
		assertThat(this.cache.<Object>get("byte")).isInstanceOf(Long.class);
	}

	@Test
	void incr_valueStoredByAddSetManyOrGetOrSet_works() {
		this.cache.add("added", 1);
		this.cache.setMany(Map.of("many", 1));
		this.cache.getOrSet("computed", () -> 1);
		assertThat(this.cache.incr("added")).isEqualTo(2);
		assertThat(this.cache.incr("many")).isEqualTo(2);
		assertThat(this.cache.incr("computed")).isEqualTo(2);
	}

	@Test
	void incr_concurrentOnOneKey_countsEveryIncrement() throws Exception {
		int threads = 8;
		int increments = 1000;
		this.cache.set("counter", 0);
		Set<Long> seen = ConcurrentHashMap.newKeySet();
		runConcurrently(threads, (thread) -> {
			for (int i = 0; i < increments; i++) {
				seen.add(this.cache.incr("counter"));
			}
			return null;
		});
		assertThat(valueOf(this.cache, "counter")).isEqualTo((long) threads * increments);
		assertThat(seen).as("every increment returned its own result").hasSize(threads * increments);
	}

	@Test
	void decr_byOne_returnsAndStoresNewValue() {
		// test_decr
		this.cache.set("answer", 43);
		assertThat(this.cache.decr("answer")).isEqualTo(42);
		assertThat(valueOf(this.cache, "answer")).isEqualTo(42L);
	}

	@Test
	void decr_byDelta_subtractsDelta() {
		this.cache.set("answer", 42);
		assertThat(this.cache.decr("answer", 10)).isEqualTo(32);
		assertThat(valueOf(this.cache, "answer")).isEqualTo(32L);
		assertThat(this.cache.decr("answer", -10)).isEqualTo(42);
		assertThat(valueOf(this.cache, "answer")).isEqualTo(42L);
	}

	@Test
	void decr_belowZero_goesNegative() {
		assumeTrue(supportsNegativeCounters(), "the backend's counters stop at zero");
		this.cache.set("answer", 1);
		assertThat(this.cache.decr("answer", 3)).isEqualTo(-2);
		assertThat(valueOf(this.cache, "answer")).isEqualTo(-2L);
		assertThat(this.cache.incr("answer", 5)).isEqualTo(3);
	}

	@Test
	void decr_missingKey_throws() {
		assertThatExceptionOfType(CacheKeyNotFoundException.class).isThrownBy(() -> this.cache.decr("does_not_exist"))
			.withMessageContaining("does_not_exist");
		assertThatExceptionOfType(CacheKeyNotFoundException.class)
			.isThrownBy(() -> this.cache.decr("does_not_exist", -1));
	}

	@Test
	void decr_nonIntegerValue_throws() {
		// test_decr
		this.cache.set("null", null);
		assertThatExceptionOfType(CacheValueNotIntegerException.class).isThrownBy(() -> this.cache.decr("null"));
		assertThat(this.cache.get("null", MISSING)).isNull();
	}

	// Django's exact behaviour and texts (issue 15): incr expiry, missing-key and key
	// texts, backend timeouts, expired entries

	/** {@code test_incr}, {@code test_decr}: the {@code ValueError} text, exactly. */
	@Test
	void incr_missingKey_hasDjangosMessage() {
		String expected = keyNotFoundMessage("missing", this.cache.makeKey("missing"));
		assertThatExceptionOfType(CacheKeyNotFoundException.class).isThrownBy(() -> this.cache.incr("missing"))
			.withMessage(expected);
		assertThatExceptionOfType(CacheKeyNotFoundException.class).isThrownBy(() -> this.cache.decr("missing"))
			.withMessage(expected);
		assertThatExceptionOfType(CacheKeyNotFoundException.class)
			.isThrownBy(() -> this.cache.withVersion(2).incr("missing"))
			.withMessage(keyNotFoundMessage("missing", this.cache.withVersion(2).makeKey("missing")));
	}

	/**
	 * {@code test_incr_version}: Django's {@code incr_version} names the key as given, on
	 * every backend.
	 */
	@Test
	void incrVersion_missingKey_hasDjangosMessage() {
		assertThatExceptionOfType(CacheKeyNotFoundException.class)
			.isThrownBy(() -> this.cache.incrVersion("does_not_exist"))
			.withMessage("Key 'does_not_exist' not found");
		assertThatExceptionOfType(CacheKeyNotFoundException.class)
			.isThrownBy(() -> this.cache.decrVersion("does_not_exist"))
			.withMessage("Key 'does_not_exist' not found");
	}

	/**
	 * {@code test_invalid_key_characters}: Django's text with the whole key as Python's
	 * {@code repr} writes it; a warning elsewhere, the {@code InvalidCacheKey} text on
	 * memcached. The key function returns the key as given, as in Django's test.
	 */
	@Test
	void validateKey_badCharacters_hasDjangosText(CapturedOutput output) {
		String key = "key with spaces and 清";
		assertKeyTexts(output, key, List
			.of("Cache key contains characters that will cause errors if used with memcached: 'key with spaces and 清'"));
	}

	/** {@code test_invalid_key_length}: Django's text, the whole key in it. */
	@Test
	void validateKey_tooLong_hasDjangosText(CapturedOutput output) {
		String key = "a".repeat(250) + "清";
		assertKeyTexts(output, key,
				List.of("Cache key will cause errors if used with memcached: '" + key + "' (longer than 250)"));
	}

	/**
	 * {@code memcache_key_warnings} yields two warnings for a key both too long and
	 * holding bad characters; memcached raises the first. A quote in the key makes
	 * Python's {@code repr} switch to double quotes.
	 */
	@Test
	void validateKey_tooLongWithBadCharacters_hasBothDjangoTexts(CapturedOutput output) {
		String key = "it's " + "b".repeat(250) + "\n";
		String repr = "\"it's " + "b".repeat(250) + "\\n\"";
		assertKeyTexts(output, key,
				List.of("Cache key will cause errors if used with memcached: " + repr + " (longer than 250)",
						"Cache key contains characters that will cause errors if used with memcached: " + repr));
	}

	private void assertKeyTexts(CapturedOutput output, String key, List<String> texts) {
		Cache asGiven = newCache((settings) -> settings.keyFunction((k, prefix, version) -> k));
		if (supportsNonPortableKeys()) {
			asGiven.set(key, 1);
			List<String> warnings = output.getAll()
				.lines()
				.filter((line) -> line.contains("CacheKeyWarning") && line.contains("WARN")
						&& line.contains("Cache key "))
				.map((line) -> line.substring(line.indexOf("Cache key ")))
				.toList();
			assertThat(warnings).containsExactlyElementsOf(texts);
			assertThat(valueOf(asGiven, key)).isEqualTo(1L);
		}
		else {
			assertThatExceptionOfType(InvalidCacheKeyException.class).isThrownBy(() -> asGiven.set(key, 1))
				.withMessage(texts.get(0));
		}
	}

	/**
	 * {@code test_get_backend_timeout_method},
	 * {@code test_caches_set_with_timeout_as_none_has_correct_default_timeout}: none
	 * stays none, a non-positive timeout is not kept, no argument means the default.
	 */
	@Test
	void getBackendTimeout_foreverZeroNegativeAndDefault() {
		assertThat(this.cache.getBackendTimeout(Cache.FOREVER)).isEqualTo(Cache.FOREVER);
		assertThat(this.cache.getBackendTimeout(Duration.ofDays(365 * 300))).isEqualTo(Cache.FOREVER);
		assertThat(this.cache.getBackendTimeout(Duration.ZERO)).isZero();
		assertThat(this.cache.getBackendTimeout(Duration.ofSeconds(-5))).isZero();
		assertThat(this.cache.getBackendTimeout(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(10));
		assertThat(this.cache.getBackendTimeout()).isEqualTo(Duration.ofSeconds(300));
		Cache never = newCache((settings) -> settings.timeout(Cache.FOREVER));
		assertThat(never.getBackendTimeout()).isEqualTo(Cache.FOREVER);
		assertThat(this.cache.withVersion(2).getBackendTimeout(Duration.ofMillis(1500)))
			.isEqualTo(this.cache.getBackendTimeout(Duration.ofMillis(1500)));
	}

	/**
	 * {@code test_zero_timeout} with a timeout the backend cannot keep: what
	 * {@code getBackendTimeout} says is what {@code set}, {@code add} and {@code touch}
	 * do (on Redis, half a second is zero).
	 */
	@Test
	void getBackendTimeout_decidesWhetherWritesKeepTheValue() {
		Duration half = Duration.ofMillis(500);
		boolean kept = !this.cache.getBackendTimeout(half).isZero();
		this.cache.set("set", "v", half);
		assertThat(this.cache.add("added", "v", half)).isTrue();
		this.cache.set("touched", "v");
		assertThat(this.cache.touch("touched", half)).isTrue();
		assertThat(this.cache.getMany(List.of("set", "added", "touched")).keySet())
			.containsExactlyInAnyOrderElementsOf(kept ? List.of("set", "added", "touched") : List.of());
	}

	/**
	 * An entry that has expired but is still stored. Django's locmem, database and file
	 * {@code delete} return {@code True} for it, and its database {@code touch} updates
	 * the row, reviving the old value: accidents of their implementation (Redis and
	 * memcached drop the key and say {@code False}). Cachette says {@code false} to both
	 * on every backend and revives nothing: the key is absent for {@code get} and
	 * {@code hasKey}. See the README's Django comparison.
	 */
	@Test
	void expiredButStoredKey_deleteAndTouchReturnFalseAndReviveNothing() {
		assumeTrue(usesFakeClock(), "needs the fake clock: a server drops expired keys itself");
		this.cache.set("deleted", "value", Duration.ofSeconds(1));
		this.cache.set("touched", "value", Duration.ofSeconds(1));
		elapse(Duration.ofSeconds(2));
		assertThat(this.cache.delete("deleted")).isFalse();
		assertThat(this.cache.touch("touched", Duration.ofMinutes(5))).isFalse();
		assertThat(this.cache.get("touched", MISSING)).isSameAs(MISSING);
	}

	// Versions

	@Test
	void withVersion_view_isolatesVersions() {
		this.cache.set("key", "v1");
		Cache version2 = this.cache.withVersion(2);
		assertThat(version2.defaultVersion()).isEqualTo(2);
		assertThat(valueOf(version2, "key")).isNull();
		version2.set("key", "v2");
		assertThat(valueOf(this.cache, "key")).isEqualTo("v1");
		assertThat(valueOf(version2, "key")).isEqualTo("v2");
		assertThat(valueOf(this.cache.withVersion(1), "key")).isEqualTo("v1");
	}

	@Test
	void withVersion_close_closesNothing() {
		this.cache.set("key", "value");
		this.cache.withVersion(2).close();
		assertThat(valueOf(this.cache, "key")).isEqualTo("value");
		this.cache.withVersion(2).set("key", "v2");
		assertThat(valueOf(this.cache.withVersion(2), "key")).isEqualTo("v2");
	}

	@Test
	void defaultVersion_isTheAliasVersion() {
		assertThat(this.cache.defaultVersion()).isEqualTo(1);
		assertThat(newCache((settings) -> settings.version(2)).defaultVersion()).isEqualTo(2);
	}

	@Test
	void versioning_getAndSet_findValuesByVersion() {
		// test_cache_versioning_get_set
		Cache v2 = newCache((settings) -> settings.version(2));
		this.cache.set("answer1", 42);
		assertThat(valueOf(this.cache, "answer1")).isEqualTo(42L);
		assertThat(valueOf(this.cache.withVersion(1), "answer1")).isEqualTo(42L);
		assertThat(valueOf(this.cache.withVersion(2), "answer1")).isNull();
		assertThat(valueOf(v2, "answer1")).isNull();
		assertThat(valueOf(v2.withVersion(1), "answer1")).isEqualTo(42L);
		assertThat(valueOf(v2.withVersion(2), "answer1")).isNull();

		this.cache.withVersion(2).set("answer2", 42);
		assertThat(valueOf(this.cache, "answer2")).isNull();
		assertThat(valueOf(this.cache.withVersion(2), "answer2")).isEqualTo(42L);
		assertThat(valueOf(v2, "answer2")).isEqualTo(42L);
		assertThat(valueOf(v2.withVersion(1), "answer2")).isNull();

		v2.set("answer3", 42);
		assertThat(valueOf(this.cache, "answer3")).isNull();
		assertThat(valueOf(this.cache.withVersion(2), "answer3")).isEqualTo(42L);
		assertThat(valueOf(v2, "answer3")).isEqualTo(42L);

		v2.withVersion(1).set("answer4", 42);
		assertThat(valueOf(this.cache, "answer4")).isEqualTo(42L);
		assertThat(valueOf(this.cache.withVersion(2), "answer4")).isNull();
		assertThat(valueOf(v2, "answer4")).isNull();
		assertThat(valueOf(v2.withVersion(1), "answer4")).isEqualTo(42L);
	}

	@Test
	void versioning_add_checksPresenceAtItsVersion() {
		// test_cache_versioning_add
		Cache v2 = newCache((settings) -> settings.version(2));
		assertThat(this.cache.withVersion(2).add("answer1", 42)).isTrue();
		assertThat(valueOf(this.cache, "answer1")).isNull();
		assertThat(valueOf(this.cache.withVersion(2), "answer1")).isEqualTo(42L);
		assertThat(this.cache.withVersion(2).add("answer1", 37)).isFalse();
		assertThat(valueOf(this.cache.withVersion(2), "answer1")).isEqualTo(42L);
		assertThat(this.cache.add("answer1", 37)).isTrue();
		assertThat(valueOf(this.cache, "answer1")).isEqualTo(37L);
		assertThat(valueOf(this.cache.withVersion(2), "answer1")).isEqualTo(42L);

		assertThat(v2.add("answer2", 42)).isTrue();
		assertThat(valueOf(this.cache, "answer2")).isNull();
		assertThat(valueOf(this.cache.withVersion(2), "answer2")).isEqualTo(42L);
		assertThat(v2.add("answer2", 37)).isFalse();
		assertThat(v2.withVersion(1).add("answer2", 37)).isTrue();
		assertThat(valueOf(this.cache, "answer2")).isEqualTo(37L);
		assertThat(valueOf(v2, "answer2")).isEqualTo(42L);
	}

	@Test
	void versioning_hasKey_looksAtItsVersion() {
		// test_cache_versioning_has_key
		Cache v2 = newCache((settings) -> settings.version(2));
		this.cache.set("answer1", 42);
		assertThat(this.cache.hasKey("answer1")).isTrue();
		assertThat(this.cache.withVersion(1).hasKey("answer1")).isTrue();
		assertThat(this.cache.withVersion(2).hasKey("answer1")).isFalse();
		assertThat(v2.hasKey("answer1")).isFalse();
		assertThat(v2.withVersion(1).hasKey("answer1")).isTrue();
	}

	@Test
	void versioning_delete_removesOnlyItsVersion() {
		// test_cache_versioning_delete
		Cache v2 = newCache((settings) -> settings.version(2));
		this.cache.set("answer1", 37);
		this.cache.withVersion(2).set("answer1", 42);
		assertThat(this.cache.delete("answer1")).isTrue();
		assertThat(valueOf(this.cache, "answer1")).isNull();
		assertThat(valueOf(this.cache.withVersion(2), "answer1")).isEqualTo(42L);

		this.cache.set("answer2", 37);
		this.cache.withVersion(2).set("answer2", 42);
		assertThat(v2.delete("answer2")).isTrue();
		assertThat(valueOf(this.cache, "answer2")).isEqualTo(37L);
		assertThat(valueOf(this.cache.withVersion(2), "answer2")).isNull();

		this.cache.set("answer3", 37);
		this.cache.withVersion(2).set("answer3", 42);
		assertThat(v2.withVersion(1).delete("answer3")).isTrue();
		assertThat(valueOf(this.cache, "answer3")).isNull();
		assertThat(valueOf(v2, "answer3")).isEqualTo(42L);
	}

	@Test
	void versioning_incrAndDecr_changeOnlyTheirVersion() {
		// test_cache_versioning_incr_decr
		Cache v2 = newCache((settings) -> settings.version(2));
		this.cache.set("answer1", 37);
		this.cache.withVersion(2).set("answer1", 42);
		assertThat(this.cache.incr("answer1")).isEqualTo(38);
		assertThat(valueOf(this.cache.withVersion(2), "answer1")).isEqualTo(42L);
		assertThat(this.cache.decr("answer1")).isEqualTo(37);

		assertThat(this.cache.withVersion(2).incr("answer1")).isEqualTo(43);
		assertThat(valueOf(this.cache, "answer1")).isEqualTo(37L);
		assertThat(v2.decr("answer1")).isEqualTo(42);
		assertThat(v2.withVersion(1).incr("answer1")).isEqualTo(38);
		assertThat(valueOf(this.cache, "answer1")).isEqualTo(38L);
		assertThat(valueOf(v2, "answer1")).isEqualTo(42L);
	}

	@Test
	void versioning_getManyAndSetMany_useTheirVersion() {
		// test_cache_versioning_get_set_many
		Cache v2 = newCache((settings) -> settings.version(2));
		List<String> keys1 = List.of("ford1", "arthur1");
		this.cache.setMany(Map.of("ford1", 37, "arthur1", 42));
		assertThat(this.cache.getMany(keys1)).containsOnly(entry("ford1", 37L), entry("arthur1", 42L));
		assertThat(this.cache.withVersion(2).getMany(keys1)).isEmpty();
		assertThat(v2.getMany(keys1)).isEmpty();
		assertThat(v2.withVersion(1).getMany(keys1)).hasSize(2);

		List<String> keys2 = List.of("ford2", "arthur2");
		this.cache.withVersion(2).setMany(Map.of("ford2", 37, "arthur2", 42));
		assertThat(this.cache.getMany(keys2)).isEmpty();
		assertThat(v2.getMany(keys2)).containsOnly(entry("ford2", 37L), entry("arthur2", 42L));

		List<String> keys3 = List.of("ford3", "arthur3");
		v2.setMany(Map.of("ford3", 37, "arthur3", 42));
		assertThat(this.cache.getMany(keys3)).isEmpty();
		assertThat(this.cache.withVersion(2).getMany(keys3)).hasSize(2);

		List<String> keys4 = List.of("ford4", "arthur4");
		v2.withVersion(1).setMany(Map.of("ford4", 37, "arthur4", 42));
		assertThat(this.cache.getMany(keys4)).hasSize(2);
		assertThat(v2.getMany(keys4)).isEmpty();
	}

	@Test
	void incrVersion_movesValueAndReturnsNewVersion() {
		// test_incr_version
		this.cache.withVersion(2).set("answer", 42);
		assertThat(this.cache.withVersion(2).incrVersion("answer")).isEqualTo(3);
		assertThat(valueOf(this.cache, "answer")).isNull();
		assertThat(valueOf(this.cache.withVersion(2), "answer")).isNull();
		assertThat(valueOf(this.cache.withVersion(3), "answer")).isEqualTo(42L);

		Cache v2 = newCache((settings) -> settings.version(2));
		v2.set("answer2", 42);
		assertThat(v2.incrVersion("answer2")).isEqualTo(3);
		assertThat(valueOf(v2, "answer2")).isNull();
		assertThat(valueOf(v2.withVersion(3), "answer2")).isEqualTo(42L);
	}

	@Test
	void incrVersion_byDelta_movesValueByDelta() {
		this.cache.set("answer", "value");
		assertThat(this.cache.incrVersion("answer", 5)).isEqualTo(6);
		assertThat(this.cache.hasKey("answer")).isFalse();
		assertThat(valueOf(this.cache.withVersion(6), "answer")).isEqualTo("value");
		assertThat(this.cache.withVersion(6).incrVersion("answer", -2)).isEqualTo(4);
		assertThat(valueOf(this.cache.withVersion(4), "answer")).isEqualTo("value");
	}

	@Test
	void incrVersion_keyHoldingNull_movesIt() {
		this.cache.set("null", null);
		assertThat(this.cache.incrVersion("null")).isEqualTo(2);
		assertThat(this.cache.withVersion(2).get("null", MISSING)).isNull();
		assertThat(this.cache.get("null", MISSING)).isSameAs(MISSING);
	}

	@Test
	void incrVersion_missingKey_throws() {
		this.cache.withVersion(2).set("answer", 42);
		assertThatExceptionOfType(CacheKeyNotFoundException.class)
			.isThrownBy(() -> this.cache.incrVersion("does_not_exist"))
			.withMessageContaining("does_not_exist");
		assertThatExceptionOfType(CacheKeyNotFoundException.class).isThrownBy(() -> this.cache.incrVersion("answer"));
		assertThat(valueOf(this.cache.withVersion(2), "answer")).isEqualTo(42L);
	}

	@Test
	void incrVersion_restoresWithDefaultTimeout() {
		assumeTrue(usesFakeClock(), "needs the fake clock");
		this.cache.set("key", "value", Duration.ofSeconds(5));
		this.cache.incrVersion("key");
		elapse(Duration.ofSeconds(299));
		assertThat(valueOf(this.cache.withVersion(2), "key")).isEqualTo("value");
		elapse(Duration.ofSeconds(1));
		assertThat(this.cache.withVersion(2).hasKey("key")).isFalse();
	}

	@Test
	void decrVersion_movesValueBack() {
		// test_decr_version
		this.cache.withVersion(2).set("answer", 42);
		assertThat(this.cache.withVersion(2).decrVersion("answer")).isEqualTo(1);
		assertThat(valueOf(this.cache, "answer")).isEqualTo(42L);
		assertThat(valueOf(this.cache.withVersion(2), "answer")).isNull();

		Cache v2 = newCache((settings) -> settings.version(2));
		v2.set("answer2", 42);
		assertThat(v2.decrVersion("answer2")).isEqualTo(1);
		assertThat(valueOf(v2, "answer2")).isNull();
		assertThat(valueOf(v2.withVersion(1), "answer2")).isEqualTo(42L);

		this.cache.withVersion(5).set("answer4", "value");
		assertThat(this.cache.withVersion(5).decrVersion("answer4", 3)).isEqualTo(2);
		assertThat(valueOf(this.cache.withVersion(2), "answer4")).isEqualTo("value");
	}

	@Test
	void decrVersion_missingKey_throws() {
		assertThatExceptionOfType(CacheKeyNotFoundException.class)
			.isThrownBy(() -> this.cache.withVersion(2).decrVersion("does_not_exist"));
	}

	// Keys

	@Test
	void makeKey_default_isPrefixColonVersionColonKey() {
		assertThat(this.cache.makeKey("key")).isEqualTo(":1:key");
		assertThat(this.cache.withVersion(3).makeKey("key")).isEqualTo(":3:key");
		assertThat(newCache((settings) -> settings.keyPrefix("site")).makeKey("key")).isEqualTo("site:1:key");
		assertThat(newCache((settings) -> settings.keyPrefix("site").version(7)).makeKey("key"))
			.isEqualTo("site:7:key");
	}

	@Test
	void keyPrefix_isolatesCachesOnOneStore() {
		// test_prefix
		Cache prefixed = newCache((settings) -> settings.keyPrefix("cacheprefix"));
		this.cache.set("somekey", "value");
		assertThat(prefixed.hasKey("somekey")).isFalse();
		prefixed.set("somekey", "value2");
		assertThat(valueOf(this.cache, "somekey")).isEqualTo("value");
		assertThat(valueOf(prefixed, "somekey")).isEqualTo("value2");
		assertThat(prefixed.delete("somekey")).isTrue();
		assertThat(valueOf(this.cache, "somekey")).isEqualTo("value");
	}

	@Test
	void keyFunction_custom_makesKeysAndIsolatesCaches() {
		// test_custom_key_func
		Cache customKey = newCache((settings) -> settings.keyFunction(CUSTOM_KEY_FUNCTION));
		Cache customKey2 = newCache((settings) -> settings.keyFunction(CUSTOM_KEY_FUNCTION));
		assertThat(customKey.makeKey("answer")).isEqualTo("CUSTOM--1-answer");
		this.cache.set("answer1", 42);
		assertThat(valueOf(this.cache, "answer1")).isEqualTo(42L);
		assertThat(valueOf(customKey, "answer1")).isNull();
		customKey.set("answer2", 42);
		assertThat(valueOf(this.cache, "answer2")).isNull();
		assertThat(valueOf(customKey, "answer2")).isEqualTo(42L);
		assertThat(valueOf(customKey2, "answer2")).isEqualTo(42L);
		assertThat(customKey.withVersion(2).makeKey("answer")).isEqualTo("CUSTOM--2-answer");
	}

	@Test
	void validateKey_keyWithSpace_logsWarningAndStillWorks(CapturedOutput output) {
		// test_invalid_key_characters
		assumeTrue(supportsNonPortableKeys(), "the backend refuses such keys");
		String key = "key with spaces and 清";
		this.cache.set(key, "value");
		assertThat(output).contains(KEY_WARNING).contains(this.cache.makeKey(key));
		assertThat(valueOf(this.cache, key)).isEqualTo("value");
	}

	@Test
	void validateKey_keyOver250Characters_logsWarningAndStillWorks(CapturedOutput output) {
		// test_invalid_key_length
		assumeTrue(supportsNonPortableKeys(), "the backend refuses such keys");
		String key = "a".repeat(250) + "清";
		this.cache.set(key, "value");
		assertThat(output).contains(KEY_WARNING).contains("250");
		assertThat(valueOf(this.cache, key)).isEqualTo("value");
	}

	@Test
	void validateKey_madeKeyOf250Characters_isPortable(CapturedOutput output) {
		// test_invalid_with_version_key_length
		String key = "a".repeat(250 - ":1:".length());
		this.cache.set(key, "value");
		assertThat(valueOf(this.cache, key)).isEqualTo("value");
		assertThat(output).doesNotContain(KEY_WARNING);
	}

	@Test
	void validateKey_nonPortableKey_warnsOnEveryOperation(CapturedOutput output) {
		// _perform_invalid_key_test
		assumeTrue(supportsNonPortableKeys(), "the backend refuses such keys");
		String key = "key with spaces and 清";
		keyOperations(key).forEach((operation, call) -> {
			Cache fresh = newCache(UnaryOperator.identity());
			long before = keyWarnings(output);
			call.accept(fresh);
			assertThat(keyWarnings(output)).as(operation).isEqualTo(before + 1);
		});
		assertThat(valueOf(this.cache, "b")).isNull();
	}

	@Test
	void validateKey_nonPortableKey_throwsWhereUnsupported() {
		// BaseMemcachedTests._perform_invalid_key_test
		assumeFalse(supportsNonPortableKeys(), "the backend stores such keys with a warning");
		for (String key : List.of("key with spaces", "a".repeat(251))) {
			keyOperations(key)
				.forEach((operation, call) -> assertThatExceptionOfType(InvalidCacheKeyException.class).as(operation)
					.isThrownBy(() -> call.accept(this.cache)));
		}
	}

	@Test
	void validateKey_keyWarningsOff_logsNothing(CapturedOutput output) {
		assumeTrue(supportsNonPortableKeys(), "the backend refuses such keys");
		Cache quiet = newCache((settings) -> settings.option("key-warnings", false));
		quiet.set("key with spaces", "value");
		quiet.set("b".repeat(300), "long");
		assertThat(valueOf(quiet, "key with spaces")).isEqualTo("value");
		assertThat(valueOf(quiet, "b".repeat(300))).isEqualTo("long");
		assertThat(output).doesNotContain(KEY_WARNING);
	}

	private Map<String, Consumer<Cache>> keyOperations(String key) {
		Map<String, Consumer<Cache>> operations = new LinkedHashMap<>();
		operations.put("add", (cache) -> cache.add(key, 1));
		operations.put("get", (cache) -> cache.get(key));
		operations.put("set", (cache) -> cache.set(key, 1));
		operations.put("incr", (cache) -> ignoreMissing(() -> cache.incr(key)));
		operations.put("decr", (cache) -> ignoreMissing(() -> cache.decr(key)));
		operations.put("touch", (cache) -> cache.touch(key));
		operations.put("hasKey", (cache) -> cache.hasKey(key));
		operations.put("getOrSet", (cache) -> cache.getOrSet(key, 1));
		operations.put("delete", (cache) -> cache.delete(key));
		operations.put("getMany", (cache) -> cache.getMany(List.of(key, "b")));
		operations.put("setMany", (cache) -> cache.setMany(orderedMap(key, 1, "b", 2)));
		operations.put("deleteMany", (cache) -> cache.deleteMany(List.of(key, "b")));
		return operations;
	}

	private static void ignoreMissing(Runnable operation) {
		try {
			operation.run();
		}
		catch (CacheKeyNotFoundException ex) {
			// Only the key check matters here.
		}
	}

	private static long keyWarnings(CapturedOutput output) {
		return output.getAll().lines().filter((line) -> line.contains("WARN") && line.contains(KEY_WARNING)).count();
	}

	// Timeouts

	@Test
	void timeout_unsetInAlias_is300Seconds() {
		assertThat(this.cache.defaultTimeout()).isEqualTo(Duration.ofSeconds(300));
		assumeTrue(usesFakeClock(), "needs the fake clock");
		this.cache.set("key", "value");
		elapse(Duration.ofSeconds(299));
		assertThat(this.cache.hasKey("key")).isTrue();
		elapse(Duration.ofSeconds(1));
		assertThat(this.cache.hasKey("key")).isFalse();
	}

	@Test
	void timeout_aliasDefault_appliesToEveryWriteWithoutTimeout() {
		Cache shortLived = newCache((settings) -> settings.timeout(Duration.ofSeconds(10)));
		assertThat(shortLived.defaultTimeout()).isEqualTo(Duration.ofSeconds(10));
		assumeTrue(usesFakeClock(), "needs the fake clock");
		shortLived.set("set", "value");
		shortLived.add("add", "value");
		shortLived.setMany(Map.of("setMany", "value"));
		shortLived.getOrSet("getOrSet", () -> "value");
		shortLived.getOrSet("getOrSetValue", "value");
		List<String> keys = List.of("set", "add", "setMany", "getOrSet", "getOrSetValue");
		elapse(Duration.ofMillis(9999));
		assertThat(shortLived.getMany(keys)).hasSize(5);
		elapse(Duration.ofMillis(1));
		assertThat(shortLived.getMany(keys)).isEmpty();
	}

	@Test
	void timeout_explicit_overridesAliasDefault() {
		assumeTrue(usesFakeClock(), "needs the fake clock");
		this.cache.set("short", "value", Duration.ofSeconds(5));
		this.cache.set("long", "value", Duration.ofHours(1));
		elapse(Duration.ofSeconds(5));
		assertThat(this.cache.hasKey("short")).isFalse();
		elapse(Duration.ofMinutes(30));
		assertThat(this.cache.hasKey("long")).isTrue();
	}

	@Test
	void timeout_forever_neverExpires() {
		// test_forever_timeout
		this.cache.set("key1", "eggs", Cache.FOREVER);
		assertThat(this.cache.add("key2", "ham", Cache.FOREVER)).isTrue();
		assertThat(this.cache.add("key1", "new eggs", Cache.FOREVER)).isFalse();
		this.cache.setMany(Map.of("key3", "sausage", "key4", "lobster bisque"), Cache.FOREVER);
		this.cache.getOrSet("key5", () -> "belgian fries", Cache.FOREVER);
		if (usesFakeClock()) {
			elapse(Duration.ofDays(3650));
		}
		assertThat(this.cache.getMany(List.of("key1", "key2", "key3", "key4", "key5"))).containsExactly(
				entry("key1", "eggs"), entry("key2", "ham"), entry("key3", "sausage"), entry("key4", "lobster bisque"),
				entry("key5", "belgian fries"));
	}

	@Test
	void timeout_aliasNone_neverExpires() {
		// DefaultNonExpiringCacheKeyTests, test_default_never_expiring_timeout
		Cache forever = newCache((settings) -> settings.timeout(CacheSettings.parseTimeout("none")));
		assertThat(forever.defaultTimeout()).isEqualTo(Cache.FOREVER);
		forever.set("infinite_foo", "bar");
		assertThat(forever.add("infinite_add", "bar")).isTrue();
		forever.setMany(Map.of("infinite_many", "bar"));
		if (usesFakeClock()) {
			elapse(Duration.ofDays(3650));
		}
		assertThat(forever.getMany(List.of("infinite_foo", "infinite_add", "infinite_many"))).hasSize(3);
	}

	@Test
	void timeout_aliasZero_storesNothing() {
		Cache noStore = newCache((settings) -> settings.timeout(Duration.ZERO));
		this.cache.set("existing", "value");
		noStore.set("existing", "replaced");
		assertThat(this.cache.hasKey("existing")).isFalse();
		noStore.set("set", "value");
		assertThat(noStore.add("add", "value")).isTrue();
		assertThat(noStore.setMany(Map.of("setMany", "value"))).isEmpty();
		assertThat(noStore.getOrSet("getOrSet", () -> "computed")).isEqualTo("computed");
		assertThat(noStore.getMany(List.of("set", "add", "setMany", "getOrSet"))).isEmpty();
		this.cache.set("touched", "value");
		assertThat(noStore.touch("touched")).isTrue();
		assertThat(this.cache.hasKey("touched")).isFalse();
	}

	@Test
	void timeout_longerThan30Days_isRelative() {
		// test_long_timeout: memcached reads more than 30 days as a timestamp
		Duration thirtyDaysAndASecond = Duration.ofDays(30).plusSeconds(1);
		this.cache.set("key1", "eggs", thirtyDaysAndASecond);
		assertThat(this.cache.add("key2", "ham", thirtyDaysAndASecond)).isTrue();
		this.cache.setMany(Map.of("key3", "sausage", "key4", "lobster bisque"), thirtyDaysAndASecond);
		this.cache.set("key5", "fries");
		assertThat(this.cache.touch("key5", thirtyDaysAndASecond)).isTrue();
		List<String> keys = List.of("key1", "key2", "key3", "key4", "key5");
		assertThat(this.cache.getMany(keys)).hasSize(5);
		assumeTrue(usesFakeClock(), "needs the fake clock");
		elapse(Duration.ofDays(30));
		assertThat(this.cache.getMany(keys)).hasSize(5);
		elapse(Duration.ofSeconds(1));
		assertThat(this.cache.getMany(keys)).isEmpty();
	}

	@Test
	void timeout_fractionOfASecond_isKept() {
		// test_float_timeout
		this.cache.set("key1", "spam", Duration.ofMillis(100_200));
		assertThat(valueOf(this.cache, "key1")).isEqualTo("spam");
		assumeTrue(usesFakeClock(), "needs the fake clock");
		elapse(Duration.ofMillis(100_199));
		assertThat(this.cache.hasKey("key1")).isTrue();
		elapse(Duration.ofMillis(1));
		assertThat(this.cache.hasKey("key1")).isFalse();
	}

	// Expiry

	@Test
	void expiry_value_presentUntilItsTimeoutEnds() {
		assumeTrue(usesFakeClock(), "needs the fake clock; see expiry_realTime_followsEachTimeout");
		this.cache.set("key", "value", Duration.ofSeconds(1));
		elapse(Duration.ofMillis(999));
		assertThat(valueOf(this.cache, "key")).isEqualTo("value");
		assertThat(this.cache.getMany(List.of("key"))).hasSize(1);
		elapse(Duration.ofMillis(1));
		assertThat(this.cache.get("key", MISSING)).isSameAs(MISSING);
		assertThat(this.cache.getMany(List.of("key"))).isEmpty();
		assertThat(this.cache.hasKey("key")).isFalse();
		assertThat(this.cache.touch("key")).isFalse();
		assertThat(this.cache.delete("key")).isFalse();
		assertThatExceptionOfType(CacheKeyNotFoundException.class).isThrownBy(() -> this.cache.incrVersion("key"));
	}

	@Test
	void expiry_expiredCounter_cannotBeIncremented() {
		assumeTrue(usesFakeClock(), "needs the fake clock");
		this.cache.set("counter", 1, Duration.ofSeconds(1));
		elapse(Duration.ofSeconds(1));
		assertThatExceptionOfType(CacheKeyNotFoundException.class).isThrownBy(() -> this.cache.incr("counter"));
	}

	@Test
	void expiry_realTime_followsEachTimeout() {
		// test_expiration, test_touch, test_forever_timeout: the one test that sleeps
		// (two seconds) on backends without the fake clock
		Duration second = Duration.ofSeconds(1);
		this.cache.set("expire1", "very quickly", second);
		this.cache.set("expire2", "very quickly", second);
		this.cache.set("expire3", "very quickly", second);
		this.cache.setMany(Map.of("many1", "very quickly", "many2", "very quickly"), second);
		this.cache.add("added", "very quickly", second);
		this.cache.set("counter", 1, second);
		this.cache.incr("counter");
		this.cache.set("touched", "later", second);
		this.cache.touch("touched", Duration.ofMinutes(1));
		this.cache.set("forever", "always", second);
		this.cache.touch("forever", Cache.FOREVER);
		// Rounded up to a second where seconds are the unit; never down to memcached's
		// 0, which means "never expire".
		this.cache.set("subsecond", "briefly", Duration.ofMillis(400));
		Cache oneSecondDefault = newCache((settings) -> settings.timeout(second));
		oneSecondDefault.set("aliasDefault", "very quickly");
		this.cache.set("touchedToDefault", "later", second);
		this.cache.touch("touchedToDefault");
		assertThat(valueOf(this.cache, "expire1")).isEqualTo("very quickly");
		// Redis truncates to whole seconds, as Django: 400 ms is not kept at all.
		boolean subsecondKept = !this.cache.getBackendTimeout(Duration.ofMillis(400)).isZero();
		assertThat(valueOf(this.cache, "subsecond")).isEqualTo(subsecondKept ? "briefly" : null);
		elapse(Duration.ofSeconds(2));
		assertThat(valueOf(this.cache, "expire1")).isNull();
		assertThat(this.cache.add("expire2", "newvalue")).isTrue();
		assertThat(valueOf(this.cache, "expire2")).isEqualTo("newvalue");
		assertThat(this.cache.hasKey("expire3")).isFalse();
		assertThat(this.cache.getMany(List.of("many1", "many2", "added", "subsecond", "aliasDefault"))).isEmpty();
		// Django's database and file incr re-store the sum with the default timeout.
		assertThat(this.cache.hasKey("counter")).isEqualTo(incrRestoresTheDefaultTimeout());
		assertThat(valueOf(this.cache, "touchedToDefault")).isEqualTo("later");
		assertThat(valueOf(this.cache, "touched")).isEqualTo("later");
		assertThat(valueOf(this.cache, "forever")).isEqualTo("always");
	}

	// Values

	@Test
	void values_unicodeKeysAndValues_roundTrip() {
		// test_unicode
		Map<String, Object> stuff = new LinkedHashMap<>();
		stuff.put("ascii", "ascii_value");
		stuff.put("unicode_ascii", "Iñtërnâtiônàlizætiøn1");
		stuff.put("Iñtërnâtiônàlizætiøn", "Iñtërnâtiônàlizætiøn2");
		stuff.put("ascii2", Map.of("x", 1));
		stuff.put("emoji", "日本語 😀 עברית");
		stuff.forEach((key, value) -> {
			this.cache.set(key, value);
			assertThat(valueOf(this.cache, key)).as(key).isEqualTo(value);
		});
		stuff.forEach((key, value) -> {
			assertThat(this.cache.delete(key)).as(key).isTrue();
			assertThat(this.cache.add(key, value)).as(key).isTrue();
			assertThat(valueOf(this.cache, key)).as(key).isEqualTo(value);
		});
		stuff.keySet().forEach(this.cache::delete);
		this.cache.setMany(stuff);
		assertThat(this.cache.getMany(stuff.keySet())).containsExactlyEntriesOf(stuff);
	}

	@Test
	void values_binary_roundTrip() {
		// test_binary_string
		byte[] compressed = compress("value_to_be_compressed".getBytes(StandardCharsets.UTF_8));
		this.cache.set("binary1", compressed);
		assertThat(this.cache.<byte[]>get("binary1")).isEqualTo(compressed);
		assertThat(this.cache.add("binary1-add", compressed)).isTrue();
		assertThat(this.cache.<byte[]>get("binary1-add")).isEqualTo(compressed);
		this.cache.setMany(Map.of("binary1-set_many", compressed));
		assertThat(this.cache.<byte[]>get("binary1-set_many")).isEqualTo(compressed);
		byte[] digits = "12345".getBytes(StandardCharsets.US_ASCII);
		this.cache.set("digits", digits);
		assertThat(this.cache.<Object>get("digits")).isEqualTo(digits);
		this.cache.set("empty", new byte[0]);
		assertThat(this.cache.<byte[]>get("empty")).isEmpty();
	}

	@Test
	void values_largerThanOneMebibyte_roundTrip() {
		assumeTrue(supportsLargeValues(), "the backend refuses values over 1 MiB");
		String text = "0123456789abcdef".repeat(65536) + "end";
		byte[] bytes = new byte[1 << 20];
		new Random(42).nextBytes(bytes);
		this.cache.set("text", text);
		this.cache.set("bytes", bytes);
		assertThat(this.cache.<String>get("text")).isEqualTo(text);
		assertThat(this.cache.<byte[]>get("bytes")).isEqualTo(bytes);
	}

	@Test
	void values_dataTypes_roundTrip() {
		// test_data_types
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("string", "this is a string");
		values.put("empty_string", "");
		values.put("bool", true);
		values.put("double", 4.25);
		values.put("float", 1.5f);
		values.put("char", 'x');
		values.put("list", new ArrayList<>(List.of(1, 2, 3, 4)));
		values.put("immutable_list", List.of("a", "b"));
		values.put("dict", new HashMap<>(Map.of("A", 1, "B", 2)));
		values.put("immutable_dict", Map.of("A", List.of(1), "B", Map.of("C", "D")));
		values.put("sorted", new TreeMap<>(Map.of("b", 2, "a", 1)));
		values.put("set", Set.of("x", "y"));
		values.put("record",
				new Article("Title", List.of("cache", "django"), FakeClock.START, new BigDecimal("19.99")));
		values.put("instant", Instant.parse("2024-02-29T12:34:56.789Z"));
		values.put("date", LocalDate.of(2024, 2, 29));
		values.put("datetime", LocalDateTime.of(2024, 2, 29, 12, 0));
		values.put("zoned", ZonedDateTime.parse("2024-02-29T12:00:00+01:00[Europe/Paris]"));
		values.put("duration", Duration.ofMinutes(90));
		values.put("day", DayOfWeek.FRIDAY);
		values.put("decimal", new BigDecimal("12345678901234567890.123456789"));
		values.put("big_integer", new BigInteger("123456789012345678901234567890"));
		values.put("uuid", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
		values.put("uri", URI.create("https://example.com/a?b=c"));
		values.put("large_long", Long.MAX_VALUE);
		values.put("negative_long", -7L);
		values.forEach((key, value) -> {
			this.cache.set(key, value);
			assertThat(valueOf(this.cache, key)).as(key).isEqualTo(value);
		});
		assertThat(this.cache.getMany(values.keySet())).containsExactlyEntriesOf(values);
		this.cache.set("int_array", new int[] { 1, 2, 3 });
		this.cache.set("string_array", new String[] { "a", "b" });
		assertThat(this.cache.<int[]>get("int_array")).containsExactly(1, 2, 3);
		assertThat(this.cache.<String[]>get("string_array")).containsExactly("a", "b");
	}

	// Asynchronous variants

	@Test
	void async_readsAndWrites_matchSyncSemantics() {
		AsyncCache async = this.cache.async();
		assertThat(async.sync()).isSameAs(this.cache);
		assertThat(await(async.set("a", "1"))).isNull();
		await(async.set("b", "2", Duration.ofMinutes(1)));
		await(async.set("null", null));
		assertThat(await(async.<String>get("a"))).isEqualTo("1");
		assertThat(await(async.<Object>get("missing"))).isNull();
		assertThat(await(async.get("missing", MISSING))).isSameAs(MISSING);
		assertThat(await(async.get("null", MISSING))).isNull();
		assertThat(await(async.hasKey("b"))).isTrue();
		assertThat(await(async.add("a", "x"))).isFalse();
		assertThat(await(async.add("c", "3"))).isTrue();
		assertThat(await(async.add("d", "4", Duration.ofMinutes(1)))).isTrue();
		assertThat(await(async.delete("d"))).isTrue();
		assertThat(await(async.delete("d"))).isFalse();
		assertThat(valueOf(this.cache, "c")).isEqualTo("3");
	}

	@Test
	void async_manyKeys_matchSyncSemantics() {
		AsyncCache async = this.cache.async();
		assertThat(await(async.setMany(Map.of("a", 1, "b", 2)))).isEmpty();
		assertThat(await(async.setMany(Map.of("c", 3), Duration.ofMinutes(1)))).isEmpty();
		assertThat(await(async.getMany(List.of("c", "a", "missing")))).containsExactly(entry("c", 3L), entry("a", 1L));
		await(async.deleteMany(List.of("a", "c")));
		assertThat(this.cache.getMany(List.of("a", "b", "c"))).containsOnlyKeys("b");
		await(async.clear());
		assertThat(this.cache.hasKey("b")).isFalse();
	}

	@Test
	void async_getOrSet_callsSupplierOnlyOnMiss() {
		AsyncCache async = this.cache.async();
		AtomicInteger calls = new AtomicInteger();
		assertThat(await(async.getOrSet("key", () -> "value" + calls.incrementAndGet()))).isEqualTo("value1");
		assertThat(await(async.getOrSet("key", () -> "value" + calls.incrementAndGet()))).isEqualTo("value1");
		assertThat(await(async.getOrSet("other", () -> "timed", Duration.ofMinutes(1)))).isEqualTo("timed");
		assertThat(await(async.getOrSet("plain", "given"))).isEqualTo("given");
		assertThat(calls).hasValue(1);
	}

	@Test
	void async_countersTouchAndVersions_matchSyncSemantics() {
		AsyncCache async = this.cache.async();
		this.cache.set("counter", 10);
		assertThat(await(async.incr("counter"))).isEqualTo(11);
		assertThat(await(async.incr("counter", 4))).isEqualTo(15);
		assertThat(await(async.decr("counter"))).isEqualTo(14);
		assertThat(await(async.decr("counter", 4))).isEqualTo(10);
		assertThat(await(async.touch("counter"))).isTrue();
		assertThat(await(async.touch("counter", Duration.ofMinutes(1)))).isTrue();
		assertThat(await(async.touch("missing"))).isFalse();
		assertThat(await(async.incrVersion("counter"))).isEqualTo(2);
		this.cache.withVersion(4).set("versioned", "value");
		assertThat(await(this.cache.withVersion(4).async().decrVersion("versioned"))).isEqualTo(3);
		assertThat(await(this.cache.withVersion(3).async().decrVersion("versioned", 2))).isEqualTo(1);
		assertThat(await(this.cache.withVersion(1).async().incrVersion("versioned", 2))).isEqualTo(3);
		assertThat(valueOf(this.cache.withVersion(3), "versioned")).isEqualTo("value");
	}

	@Test
	void async_failures_completeExceptionally() {
		AsyncCache async = this.cache.async();
		this.cache.set("text", "not a number");
		assertThat(async.incr("missing")).failsWithin(AWAIT)
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(CacheKeyNotFoundException.class);
		assertThat(async.decr("missing", 2)).failsWithin(AWAIT)
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(CacheKeyNotFoundException.class);
		assertThat(async.incrVersion("missing")).failsWithin(AWAIT)
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(CacheKeyNotFoundException.class);
		assertThat(async.incr("text")).failsWithin(AWAIT)
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(CacheValueNotIntegerException.class);
	}

	@Test
	void async_versionView_targetsItsVersion() {
		await(this.cache.withVersion(2).async().set("key", "v2"));
		assertThat(valueOf(this.cache, "key")).isNull();
		assertThat(await(this.cache.withVersion(2).async().<String>get("key"))).isEqualTo("v2");
	}

	// Lifecycle

	@Test
	void alias_isTheConfiguredName() {
		assertThat(this.cache.alias()).isEqualTo("contract");
		assertThat(this.cache.withVersion(2).alias()).isEqualTo("contract");
	}

	@Test
	void close_twiceAndAsync_neverThrows() {
		Cache other = newCache(UnaryOperator.identity());
		other.set("key", "value");
		this.caches.remove(other);
		await(other.async().close());
		other.close();
		await(newCache(UnaryOperator.identity()).async().set("after", "close"));
		assertThat(valueOf(this.cache, "after")).isEqualTo("close");
	}

	// Helpers

	/**
	 * Reads a value as {@code Object}, which keeps AssertJ's {@code assertThat}
	 * unambiguous.
	 * @param cache the cache
	 * @param key the key
	 * @return the value, or {@code null}
	 */
	protected static @Nullable Object valueOf(Cache cache, String key) {
		return cache.get(key);
	}

	/**
	 * Waits for an asynchronous result, at most ten seconds.
	 * @param future the future
	 * @param <T> the result type
	 * @return the result
	 */
	protected static <T> T await(CompletableFuture<T> future) {
		return future.orTimeout(AWAIT.toSeconds(), TimeUnit.SECONDS).join();
	}

	/**
	 * Runs a task on several threads released at the same moment.
	 * @param threads how many threads
	 * @param task the task, given the thread's index
	 * @param <T> the result type
	 * @return the results, by thread index
	 * @throws Exception if a task failed or did not end within a minute
	 */
	protected static <T> List<T> runConcurrently(int threads, ThreadTask<T> task) throws Exception {
		return Concurrently.run(threads, Duration.ofMinutes(1), task::run);
	}

	private static Map<String, Object> orderedMap(String key1, Object value1, String key2, Object value2) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put(key1, value1);
		map.put(key2, value2);
		return map;
	}

	private static byte[] compress(byte[] input) {
		Deflater deflater = new Deflater();
		deflater.setInput(input);
		deflater.finish();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[256];
		while (!deflater.finished()) {
			out.write(buffer, 0, deflater.deflate(buffer));
		}
		deflater.end();
		return out.toByteArray();
	}

	/**
	 * A task run on one of several threads.
	 *
	 * @param <T> the result type
	 */
	@FunctionalInterface
	protected interface ThreadTask<T> {

		/**
		 * Runs the task.
		 * @param thread the thread's index, from zero
		 * @return the result
		 * @throws Exception on failure
		 */
		T run(int thread) throws Exception;

	}

	/**
	 * A record of allowed JDK types, which the suite's allow-list names.
	 *
	 * @param title a string
	 * @param tags a list
	 * @param published an instant
	 * @param price a decimal
	 */
	public record Article(String title, List<String> tags, Instant published,
			BigDecimal price) implements Serializable {
	}

	/** Writes the bytes it was given, whatever the value, to plant them in a store. */
	private record Planting(byte[] bytes) implements Serializer {

		@Override
		public byte[] serialize(@Nullable Object value) {
			return this.bytes;
		}

		@Override
		public @Nullable Object deserialize(byte[] bytes) {
			throw new UnsupportedOperationException("only writes");
		}

	}

	/**
	 * A class that is not serializable at all, Django's {@code Unpicklable}.
	 */
	public static final class Unpicklable {

	}

	/**
	 * A serializable class outside every default allow-list.
	 */
	public static final class NotAllowed implements Serializable {

		private static final long serialVersionUID = 1L;

		private final String name;

		NotAllowed(String name) {
			this.name = name;
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof NotAllowed that && this.name.equals(that.name);
		}

		@Override
		public int hashCode() {
			return this.name.hashCode();
		}

	}

}
