package dev.cachette.cache.backend.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheException;
import dev.cachette.cache.CacheKeyNotFoundException;
import dev.cachette.cache.CacheUnavailableException;
import dev.cachette.cache.CacheValueNotIntegerException;
import dev.cachette.cache.Concurrently;
import dev.cachette.cache.backend.redis.RedisTestSupport.Raw;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the Redis backend promises beyond the contract suite, against a real server: the
 * stored form, round trips, {@code clear()} scoping, failures, concurrency and expiry.
 */
class RedisCacheTests {

	private final List<Cache> caches = new ArrayList<>();

	@BeforeAll
	static void requireRedis() {
		RedisTestSupport.requireRedis();
	}

	@AfterEach
	void close() {
		this.caches.forEach(Cache::close);
	}

	private RedisCache cache(CacheSettings.Builder settings) {
		RedisCache cache = new RedisCache(settings.build());
		this.caches.add(cache);
		return cache;
	}

	private RedisCache cache() {
		return cache(RedisTestSupport.settings("default"));
	}

	// Stored form

	@Test
	void set_integer_isStoredAsAPlainNumber() {
		RedisCache cache = cache();
		cache.set("n", 42);
		try (Raw raw = RedisTestSupport.raw(RedisTestSupport.URL)) {
			assertThat(raw.commands().get(cache.makeKey("n"))).isEqualTo("42");
		}
		assertThat(cache.<Long>get("n")).isEqualTo(42L);
	}

	/**
	 * {@code test_get_backend_timeout_method}, and Django's {@code int(timeout)}: whole
	 * seconds, truncated; under a second, not kept at all.
	 */
	@Test
	void set_timeout_isTruncatedToWholeSecondsAsDjango() {
		RedisCache cache = cache();
		assertThat(cache.getBackendTimeout(Duration.ofMillis(1900))).isEqualTo(Duration.ofSeconds(1));
		assertThat(cache.getBackendTimeout(Duration.ofMillis(500))).isZero();
		assertThat(cache.getBackendTimeout(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(10));
		assertThat(cache.getBackendTimeout(Duration.ofSeconds(-5))).isZero();
		assertThat(cache.getBackendTimeout(Cache.FOREVER)).isEqualTo(Cache.FOREVER);
		cache.set("k", "v", Duration.ofMillis(86_400_123));
		cache.set("half", "v", Duration.ofMillis(500));
		try (Raw raw = RedisTestSupport.raw(RedisTestSupport.URL)) {
			assertThat(raw.commands().pttl(cache.makeKey("k"))).isBetween(86_390_000L, 86_400_000L);
			assertThat(raw.commands().exists(cache.makeKey("half"))).isZero();
		}
	}

	@Test
	void set_forever_removesAnExpiry() {
		RedisCache cache = cache();
		cache.set("k", "v", Duration.ofMinutes(5));
		cache.set("k", "v", Cache.FOREVER);
		try (Raw raw = RedisTestSupport.raw(RedisTestSupport.URL)) {
			assertThat(raw.commands().pttl(cache.makeKey("k"))).isEqualTo(-1L);
		}
	}

	@Test
	void incr_keepsTheExpiry() {
		RedisCache cache = cache();
		cache.set("n", 1, Duration.ofMinutes(5));
		assertThat(cache.incr("n", 10)).isEqualTo(11L);
		try (Raw raw = RedisTestSupport.raw(RedisTestSupport.URL)) {
			assertThat(raw.commands().pttl(cache.makeKey("n"))).isPositive();
		}
	}

	@Test
	void incr_missingKey_throwsAndCreatesNothing() {
		RedisCache cache = cache();
		assertThatExceptionOfType(CacheKeyNotFoundException.class).isThrownBy(() -> cache.incr("missing"));
		assertThat(cache.hasKey("missing")).isFalse();
	}

	@Test
	void incr_nonInteger_throwsValueNotIntegerNotUnavailable() {
		RedisCache cache = cache();
		cache.set("s", "text");
		assertThatExceptionOfType(CacheValueNotIntegerException.class).isThrownBy(() -> cache.incr("s"))
			.withMessageContaining("ERR value is not an integer");
	}

	/**
	 * Django's {@code touch(key, None)} is {@code bool(PERSIST key)}: {@code False} for a
	 * key that already never expires, as for a missing one.
	 */
	@Test
	void touch_forever_persistsAndReturnsPersistsAnswer() {
		RedisCache cache = cache();
		cache.set("k", "v", Cache.FOREVER);
		assertThat(cache.touch("k", Cache.FOREVER)).isFalse();
		assertThat(cache.<String>get("k")).isEqualTo("v");
		cache.set("k", "v", Duration.ofMinutes(1));
		assertThat(cache.touch("k", Cache.FOREVER)).isTrue();
		try (Raw raw = RedisTestSupport.raw(RedisTestSupport.URL)) {
			assertThat(raw.commands().pttl(cache.makeKey("k"))).isEqualTo(-1L);
		}
		assertThat(cache.touch("missing", Cache.FOREVER)).isFalse();
	}

	/**
	 * The contract suite checks timeouts with a fake clock, which a server cannot use;
	 * here each write's expiry is read back with {@code PTTL} instead.
	 */
	@Test
	void timeouts_eachWriteSetsTheExpiryItWasGiven() {
		RedisCache cache = cache(RedisTestSupport.settings("ttl").timeout(Duration.ofSeconds(120)));
		try (Raw raw = RedisTestSupport.raw(RedisTestSupport.URL)) {
			cache.set("default", 1);
			assertThat(raw.commands().pttl(cache.makeKey("default"))).isBetween(110_000L, 120_000L);
			cache.add("added", 1, Duration.ofMillis(2500));
			assertThat(raw.commands().pttl(cache.makeKey("added"))).isBetween(1_000L, 2_000L);
			cache.setMany(Map.of("a", 1, "b", 2), Duration.ofSeconds(30));
			assertThat(raw.commands().pttl(cache.makeKey("a"))).isBetween(25_000L, 30_000L);
			assertThat(raw.commands().pttl(cache.makeKey("b"))).isBetween(25_000L, 30_000L);
			cache.getOrSet("computed", () -> "v", Duration.ofSeconds(45));
			assertThat(raw.commands().pttl(cache.makeKey("computed"))).isBetween(40_000L, 45_000L);
			cache.set("touched", 1, Duration.ofSeconds(5));
			cache.touch("touched");
			assertThat(raw.commands().pttl(cache.makeKey("touched"))).isBetween(110_000L, 120_000L);
			cache.touch("touched", Duration.ofSeconds(2));
			assertThat(raw.commands().pttl(cache.makeKey("touched"))).isBetween(1_000L, 2_000L);
			cache.set("versioned", 1, Cache.FOREVER);
			cache.incrVersion("versioned");
			assertThat(raw.commands().pttl(cache.withVersion(2).makeKey("versioned"))).isBetween(110_000L, 120_000L);
		}
	}

	/**
	 * Django's {@code test_touch} against the server's own clock: the new timeout
	 * replaces the old one, counted from the touch.
	 */
	@Test
	void touch_realClock_keepsTheKeyForTheNewTimeout() throws InterruptedException {
		RedisCache cache = cache();
		cache.set("expire1", "very quickly", Duration.ofSeconds(1));
		assertThat(cache.touch("expire1", Duration.ofSeconds(4))).isTrue();
		Thread.sleep(2000);
		assertThat(cache.hasKey("expire1")).isTrue();
		Thread.sleep(3000);
		assertThat(cache.hasKey("expire1")).isFalse();
	}

	@Test
	void timeout_unsetInAlias_is300Seconds() {
		RedisCache cache = cache(RedisTestSupport.settings("ttl"));
		cache.set("k", "v");
		try (Raw raw = RedisTestSupport.raw(RedisTestSupport.URL)) {
			assertThat(raw.commands().pttl(cache.makeKey("k"))).isBetween(290_000L, 300_000L);
		}
	}

	@Test
	void expiry_realTime_keyDisappears() throws InterruptedException {
		RedisCache cache = cache();
		cache.set("k", "v", Duration.ofSeconds(1));
		assertThat(cache.<String>get("k")).isEqualTo("v");
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
		while (cache.hasKey("k") && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		assertThat(cache.hasKey("k")).isFalse();
		assertThat(cache.get("k", "default")).isEqualTo("default");
	}

	// Round trips: every operation below is exactly one command, so one round trip.

	@Test
	void roundTrips_manyKeyOperations_areOneCommandEach() {
		RedisCache cache = cache();
		CommandLog log = CommandLog.attach(cache);
		Map<String, Object> values = new LinkedHashMap<>();
		for (int i = 0; i < 100; i++) {
			values.put("k" + i, "value" + i);
		}
		cache.setMany(values); // warm up: connect, and load the script into the server
		log.clear();

		assertThat(cache.getMany(values.keySet())).hasSize(100);
		assertThat(log.take()).containsExactly("MGET");
		cache.setMany(values, Duration.ofMinutes(1));
		assertThat(log.take()).containsExactly("EVALSHA");
		cache.setMany(values, Cache.FOREVER);
		assertThat(log.take()).containsExactly("MSET");
		cache.deleteMany(values.keySet());
		assertThat(log.take()).containsExactly("DEL");
		assertThat(cache.getMany(values.keySet())).isEmpty();
		assertThat(log.take()).containsExactly("MGET");
	}

	@Test
	void roundTrips_singleKeyOperations_areOneCommandEach() {
		RedisCache cache = cache();
		CommandLog log = CommandLog.attach(cache);
		cache.set("n", 1);
		cache.incr("n");
		cache.touch("n", Cache.FOREVER);
		log.clear();

		cache.get("n");
		assertThat(log.take()).containsExactly("GET");
		cache.set("n", 1);
		assertThat(log.take()).containsExactly("SET");
		cache.add("a", 1);
		assertThat(log.take()).containsExactly("SET");
		cache.incr("n", 5);
		assertThat(log.take()).containsExactly("EVALSHA");
		cache.touch("n");
		assertThat(log.take()).containsExactly("PEXPIRE");
		cache.touch("n", Cache.FOREVER);
		assertThat(log.take()).containsExactly("PERSIST");
		// hasKey reads the value, as Django's has_key does, so that a
		// stale-while-revalidate
		// entry past its logical timeout is absent: still one command.
		cache.hasKey("n");
		assertThat(log.take()).containsExactly("GET");
		cache.delete("n");
		assertThat(log.take()).containsExactly("DEL");
	}

	@Test
	void script_flushedFromServer_isSentAgain() {
		RedisCache cache = cache();
		cache.set("n", 1);
		cache.incr("n");
		try (Raw raw = RedisTestSupport.raw(RedisTestSupport.URL)) {
			raw.commands().scriptFlush();
		}
		assertThat(cache.incr("n")).isEqualTo(3L);
	}

	// clear()

	@Test
	void clear_withKeyPrefix_removesOnlyThatPrefixsKeys() {
		RedisCache mine = cache(RedisTestSupport.settings("mine").keyPrefix("clear*me"));
		RedisCache other = cache(RedisTestSupport.settings("other").keyPrefix("clear*me2"));
		Map<String, Object> values = new LinkedHashMap<>();
		for (int i = 0; i < 1234; i++) {
			values.put("k" + i, i);
		}
		mine.setMany(values);
		mine.withVersion(2).set("v2", "x");
		other.set("k1", "kept");
		try (Raw raw = RedisTestSupport.raw(RedisTestSupport.URL)) {
			raw.commands().set("clear*me-not-a-cache-key", "kept");
			mine.clear();
			assertThat(mine.getMany(values.keySet())).isEmpty();
			assertThat(mine.withVersion(2).hasKey("v2")).isFalse();
			assertThat(other.<String>get("k1")).isEqualTo("kept");
			assertThat(raw.commands().get("clear*me-not-a-cache-key")).isEqualTo("kept");
			raw.commands().del("clear*me-not-a-cache-key");
		}
		other.clear();
	}

	@Test
	void statistics_sizeIsDbsizeWithoutAPrefixAndUnknownWithOne() {
		RedisCache owner = cache(RedisTestSupport.settings("noprefix").keyPrefix(""));
		owner.clear();
		owner.setMany(Map.of("a", 1, "b", 2, "c", 3));
		assertThat(owner.statistics().size()).isEqualTo(3);
		assertThat(owner.statistics().evictions()).isNotNull().isNotNegative();
		assertThat(cache().statistics().size()).isNull();
	}

	@Test
	void clear_withoutKeyPrefix_emptiesTheDatabase() {
		RedisCache cache = cache(RedisTestSupport.settings("noprefix").keyPrefix(""));
		cache.set("k", "v");
		try (Raw raw = RedisTestSupport.raw(RedisTestSupport.URL)) {
			raw.commands().set("not-a-cache-key", "gone too");
			cache.clear();
			assertThat(raw.commands().dbsize()).isZero();
		}
	}

	// Failures

	@Test
	void unreachableServer_throwsNamingAliasAndServerButNotThePassword() {
		RedisCache cache = cache(RedisTestSupport.settings("down")
			.location("redis://admin:s3cret-pw@127.0.0.1:1/0")
			.option("connect-timeout", "500ms")
			.option("strict", true));
		assertThatExceptionOfType(CacheUnavailableException.class).isThrownBy(() -> cache.get("k"))
			.withMessageContaining("'down'")
			.withMessageContaining("127.0.0.1:1")
			.withMessageNotContaining("s3cret-pw");
		assertThat(cache.toString()).contains("127.0.0.1:1").doesNotContain("s3cret-pw");
	}

	@Test
	void unreachableServer_ignoreExceptions_isAQuickMiss() {
		RedisCache cache = cache(RedisTestSupport.settings("down")
			.location("redis://127.0.0.1:1/0")
			.option("connect-timeout", "500ms")
			.option("ignore-exceptions", true));
		long start = System.nanoTime();
		assertThat(cache.get("k", "default")).isEqualTo("default");
		cache.set("k", "v");
		assertThat(cache.add("k", "v")).isFalse();
		assertThat(cache.getMany(List.of("a", "b"))).isEmpty();
		assertThat(cache.setMany(Map.of("a", 1))).containsExactly("a");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
	}

	// Concurrency

	@Test
	void incr_concurrently_loosesNoIncrement() throws Exception {
		RedisCache cache = cache();
		cache.set("counter", 0);
		List<Long> ignored = runConcurrently(8, () -> {
			for (int i = 0; i < 1000; i++) {
				cache.incr("counter");
			}
			return 0L;
		});
		assertThat(ignored).hasSize(8);
		assertThat(cache.<Long>get("counter")).isEqualTo(8000L);
	}

	@Test
	void add_concurrently_succeedsExactlyOnce() throws Exception {
		RedisCache cache = cache();
		for (int round = 0; round < 20; round++) {
			String key = "once" + round;
			List<Boolean> results = runConcurrently(8, () -> cache.add(key, Thread.currentThread().getName()));
			assertThat(results).filteredOn(Boolean::booleanValue).hasSize(1);
		}
	}

	private static <T> List<T> runConcurrently(int threads, Callable<T> task) throws Exception {
		return Concurrently.run(threads, Duration.ofSeconds(60), (thread) -> task.call());
	}

	/** Records the commands Lettuce sends, by listening on the cache's own client. */
	static final class CommandLog implements CommandListener {

		private final List<String> started = new CopyOnWriteArrayList<>();

		static CommandLog attach(RedisCache cache) {
			CommandLog log = new CommandLog();
			// Listeners apply to connections made after they are added: the cache has
			// not connected yet (connections are lazy).
			((LettuceConnectionFactory) cache.servers().forWrite().factory()).getRequiredNativeClient()
				.addListener(log);
			return log;
		}

		@Override
		public void commandStarted(CommandStartedEvent event) {
			this.started.add(new String(event.getCommand().getType().getBytes()));
		}

		void clear() {
			this.started.clear();
		}

		List<String> take() {
			List<String> taken = List.copyOf(this.started);
			this.started.clear();
			return taken;
		}

	}

}
