package dev.cachette.cache.backend.memcached;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheException;
import dev.cachette.cache.CacheKeyNotFoundException;
import dev.cachette.cache.CacheLock;
import dev.cachette.cache.CacheUnavailableException;
import dev.cachette.cache.CacheValueNotIntegerException;
import dev.cachette.cache.InvalidCacheBackendException;
import dev.cachette.cache.InvalidCacheKeyException;
import dev.cachette.cache.TestServers;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Memcached's own rules, against real servers: keys refused before any round trip, the
 * 30-day rule, consistent hashing over two servers, atomic counters with memcached's
 * unsigned semantics, failures that never hang. The shared behaviour is in
 * {@code MemcachedCacheContractTests}.
 *
 * <p>
 * Over 400 lines: one or two tests per memcached rule of the issue (keys, timeouts,
 * consistent hashing, Unix sockets, authentication, counters, many-key operations,
 * failures), each against the real server, grouped by section.
 */
class MemcachedCacheTests {

	private final List<Cache> caches = new ArrayList<>();

	@AfterEach
	void closeCaches() {
		this.caches.forEach(Cache::close);
	}

	private Cache cache(UnaryOperator<CacheSettings.Builder> customizer) {
		// A cold JVM may take over a second for its first connection.
		CacheSettings.Builder builder = CacheSettings.builder("mc")
			.backend("memcached")
			.keyPrefix("mctests")
			.option("connect-timeout", "5s");
		Cache cache = new MemcachedCache(TestServers.withBehaviourDeadline(customizer.apply(builder)).build());
		this.caches.add(cache);
		return cache;
	}

	private Cache cache() {
		String server = MemcachedTestServers.first();
		return cache((settings) -> settings.location(server));
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	// keys

	/**
	 * {@code get_backend_timeout}: whole seconds rounded up (the server gets one more for
	 * its clock's tick), no argument means the default, and a timeout reaching past 2038,
	 * which memcached's absolute times cannot hold, never expires.
	 */
	@Test
	void getBackendTimeout_roundsUpToWholeSeconds() {
		Cache cache = cache();
		assertThat(cache.getBackendTimeout(Duration.ofMillis(1500))).isEqualTo(Duration.ofSeconds(2));
		assertThat(cache.getBackendTimeout(Duration.ofMillis(500))).isEqualTo(Duration.ofSeconds(1));
		assertThat(cache.getBackendTimeout(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(10));
		assertThat(cache.getBackendTimeout(Duration.ofDays(31))).isEqualTo(Duration.ofDays(31));
		assertThat(cache.getBackendTimeout(Duration.ofDays(365 * 50))).isEqualTo(Cache.FOREVER);
		assertThat(cache.getBackendTimeout(Duration.ZERO)).isZero();
		assertThat(cache.getBackendTimeout()).isEqualTo(Duration.ofSeconds(300));
	}

	@Test
	void lease_ofTheLongestKey_isALegalMemcachedKey() {
		String server = MemcachedTestServers.first();
		Cache cache = cache((settings) -> settings.location(server).option("lease", "5s"));
		String longest = "k".repeat(250 - cache.makeKey("").length());
		cache.delete(longest);
		try (CacheLock lock = cache.lock(longest)) {
			assertThat(lock.acquired()).isTrue();
			Cache otherInstance = cache((settings) -> settings.location(server).option("lease", "5s"));
			try (CacheLock elsewhere = otherInstance.lock(longest)) {
				assertThat(elsewhere.acquired()).as("the lease was stored").isFalse();
			}
		}
		assertThat(cache.<String>getOrSet(longest, () -> "computed")).isEqualTo("computed");
		cache.delete(longest);
	}

	@Test
	void validateKey_250BytesAccepted251Refused() {
		Cache cache = cache();
		String prefix = cache.makeKey(""); // mctests:1:
		String longest = "k".repeat(250 - prefix.length());
		cache.set(longest, "value");
		assertThat(cache.<String>get(longest)).isEqualTo("value");
		// Django's InvalidCacheKey text, the whole stored key in it
		assertThatExceptionOfType(InvalidCacheKeyException.class).isThrownBy(() -> cache.set(longest + "k", "value"))
			.withMessage("Cache key will cause errors if used with memcached: '" + prefix + longest
					+ "k' (longer than 250)");
	}

	@Test
	void validateKey_countsUtf8BytesNotCharacters() {
		Cache cache = cache();
		int room = 250 - cache.makeKey("").length();
		String twoByteChars = "é".repeat(room / 2); // 2 bytes each
		cache.set(twoByteChars, 1);
		assertThat(cache.<Long>get(twoByteChars)).isEqualTo(1L);
		String tooLong = "é".repeat(room / 2 + 1);
		assertThat(tooLong.length()).isLessThan(250);
		assertThatExceptionOfType(InvalidCacheKeyException.class).isThrownBy(() -> cache.get(tooLong))
			.withMessageContaining("bytes in UTF-8");
		String emoji = "\uD83D\uDE00".repeat(room / 4 + 1); // 4 bytes each
		assertThatExceptionOfType(InvalidCacheKeyException.class).isThrownBy(() -> cache.get(emoji));
		assertThat(MemcachedCache.keyProblem("\uD83D\uDE00".repeat(62))).isNull(); // 248
																					// bytes
	}

	@Test
	void validateKey_whitespaceAndControlCharactersRefused() {
		Cache cache = cache();
		for (String key : List.of("with space", "tab\there", "line\nend", "cr\rhere", "nul\0", "del\u007f",
				"bell\u0007")) {
			assertThatExceptionOfType(InvalidCacheKeyException.class).as(key)
				.isThrownBy(() -> cache.set(key, "value"))
				.withMessageContaining("characters that will cause errors");
		}
		assertThatExceptionOfType(InvalidCacheKeyException.class).isThrownBy(() -> cache.add("a b", 1));
		assertThatExceptionOfType(InvalidCacheKeyException.class).isThrownBy(() -> cache.incr("a b"));
		assertThatExceptionOfType(InvalidCacheKeyException.class).isThrownBy(() -> cache.getMany(List.of("ok", "a b")));
		assertThatExceptionOfType(InvalidCacheKeyException.class).isThrownBy(() -> cache.withVersion(2).get("a b"));
	}

	@Test
	void validateKey_refusesBeforeAnyRoundTrip() throws IOException {
		// Nothing listens on the port: a round trip would be a CacheUnavailableException.
		int port = closedPort();
		Cache cache = cache((settings) -> settings.location("127.0.0.1:" + port)
			.option("connect-timeout", "100ms")
			.option("ignore-exceptions", true));
		long start = System.nanoTime();
		assertThatExceptionOfType(InvalidCacheKeyException.class).isThrownBy(() -> cache.get("a b"));
		assertThatExceptionOfType(InvalidCacheKeyException.class).isThrownBy(() -> cache.set("k".repeat(300), 1));
		// No connection error even though nothing listens, and no waiting for one.
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
		// The same cache does go to the server for a valid key, and fails there.
		Cache strict = cache((settings) -> settings.location("127.0.0.1:" + port)
			.option("connect-timeout", "100ms")
			.option("strict", true));
		assertThatExceptionOfType(CacheUnavailableException.class).isThrownBy(() -> strict.get("fine"));
	}

	// timeouts

	@Test
	void expiry_ttlRoundsUpAndKeepsMemcachedsLimits() {
		Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
		assertThat(MemcachedExpiry.ttl(Cache.FOREVER, clock)).isZero();
		assertThat(MemcachedExpiry.ttl(Duration.ofMillis(1), clock)).isEqualTo(2);
		assertThat(MemcachedExpiry.ttl(Duration.ofMillis(1200), clock)).isEqualTo(3);
		assertThat(MemcachedExpiry.ttl(Duration.ofSeconds(300), clock)).isEqualTo(301);
		assertThat(MemcachedExpiry.ttl(Duration.ofDays(30), clock)).isEqualTo(2_592_001);
		assertThat(MemcachedExpiry.ttl(Duration.ofDays(31), clock)).isEqualTo(2_678_401);
		// 2026-01-01 + 4,402 days passes 2038-01-19T03:14:07Z, memcached's last absolute
		// time: never expire. One day less still fits.
		assertThat(MemcachedExpiry.ttl(Duration.ofDays(4402), clock)).isZero();
		assertThat(MemcachedExpiry.ttl(Duration.ofDays(4401), clock)).isEqualTo(4401 * 86_400 + 1);
		Clock in2037 = Clock.fixed(Instant.parse("2037-06-01T00:00:00Z"), ZoneOffset.UTC);
		assertThat(MemcachedExpiry.ttl(Duration.ofDays(365), in2037)).isZero();
	}

	@Test
	void expiry_over30DaysIsSentAsAbsoluteUnixTime() {
		// The value folsom writes on the wire for the ttl this backend hands it.
		long now = System.currentTimeMillis() / 1000;
		int wire = com.spotify.folsom.client.Utils
			.ttlToExpiration(MemcachedExpiry.ttl(Duration.ofDays(31), Clock.systemUTC()));
		assertThat((long) wire).isBetween(now + 2_678_401, now + 2_678_401 + 2);
		assertThat(com.spotify.folsom.client.Utils
			.ttlToExpiration(MemcachedExpiry.ttl(Duration.ofDays(29), Clock.systemUTC()))).isEqualTo(29 * 86_400 + 1);
		assertThat(
				com.spotify.folsom.client.Utils.ttlToExpiration(MemcachedExpiry.ttl(Cache.FOREVER, Clock.systemUTC())))
			.isZero();
	}

	@Test
	void expiry_31DayTimeoutIsReadableAndTheServerCountsDownFrom31Days() {
		Cache cache = cache();
		String server = MemcachedTestServers.first();
		cache.set("month", "value", Duration.ofDays(31));
		cache.set("forever", "value", Cache.FOREVER);
		assertThat(cache.<String>get("month")).isEqualTo("value");
		// mg's t flag: the seconds the server will keep the item, -1 for never. One
		// second is added to each timeout, and the server's clock ticks once a second.
		String month = MemcachedTestServers.send(server, "mg " + cache.makeKey("month") + " t", "");
		assertThat(Long.parseLong(month.trim().replaceAll(".* t", ""))).isBetween(2_678_400L - 5, 2_678_400L + 3);
		String forever = MemcachedTestServers.send(server, "mg " + cache.makeKey("forever") + " t", "");
		assertThat(forever.trim()).isEqualTo("HD t-1");
		cache.touch("forever", Duration.ofDays(40));
		String touched = MemcachedTestServers.send(server, "mg " + cache.makeKey("forever") + " t", "");
		assertThat(Long.parseLong(touched.trim().replaceAll(".* t", ""))).isBetween(40 * 86_400L - 5, 40 * 86_400L + 3);
	}

	@Test
	void expiry_realTime() throws InterruptedException {
		Cache cache = cache();
		cache.set("short", "value", Duration.ofSeconds(1));
		cache.set("long", "value", Duration.ofSeconds(30));
		assertThat(cache.<String>get("short")).isEqualTo("value");
		// A 1-second item lives 1 to 2 seconds (MemcachedExpiry).
		Thread.sleep(2500);
		assertThat(cache.<String>get("short")).isNull();
		assertThat(cache.hasKey("short")).isFalse();
		assertThat(cache.<String>get("long")).isEqualTo("value");
	}

	// consistent hashing

	@Test
	void severalServers_eachKeyOnExactlyOneServerAndBothUsed() {
		String first = MemcachedTestServers.first();
		String second = MemcachedTestServers.second();
		Cache cache = cache((settings) -> settings.locations(List.of(first, second)));
		Map<String, Object> values = new LinkedHashMap<>();
		for (int i = 0; i < 200; i++) {
			values.put("ring" + i, "value" + i);
		}
		assertThat(cache.setMany(values)).isEmpty();
		int onFirst = 0;
		int onSecond = 0;
		Map<String, Boolean> placement = new LinkedHashMap<>();
		for (String key : values.keySet()) {
			boolean a = MemcachedTestServers.holds(first, cache.makeKey(key));
			boolean b = MemcachedTestServers.holds(second, cache.makeKey(key));
			assertThat(a ^ b).as("key %s is on exactly one server", key).isTrue();
			placement.put(key, a);
			onFirst += a ? 1 : 0;
			onSecond += b ? 1 : 0;
		}
		assertThat(onFirst).isGreaterThan(40);
		assertThat(onSecond).isGreaterThan(40);
		// Another client (another application instance) places every key the same way.
		Cache other = cache((settings) -> settings.location(first + ";" + second));
		assertThat(other.getMany(values.keySet())).isEqualTo(values);
		other.set("ring0", "changed");
		assertThat(MemcachedTestServers.holds(placement.get("ring0") ? first : second, cache.makeKey("ring0")))
			.isTrue();
		assertThat(cache.<String>get("ring0")).isEqualTo("changed");
		// clear() is flush_all on every server of the alias.
		cache.clear();
		assertThat(cache.getMany(values.keySet())).isEmpty();
	}

	@Test
	void statistics_sizeAndEvictionsAreTheServersCounts() {
		for (boolean binary : List.of(false, true)) {
			Cache cache = cache((settings) -> settings.option("binary", binary));
			cache.clear();
			cache.setMany(Map.of("a", 1, "b", 2, "c", 3));
			// flush_all invalidates items lazily: curr_items counts them until touched.
			assertThat(cache.statistics().size()).isNotNull().isGreaterThanOrEqualTo(3);
			assertThat(cache.statistics().evictions()).isNotNull().isNotNegative();
		}
	}

	@Test
	void unixSocket_sameOperationsOnEitherProtocol() {
		String socket = MemcachedTestServers.socket();
		Cache tcp = cache();
		for (boolean binary : List.of(false, true)) {
			Cache cache = cache((settings) -> settings.location("unix:" + socket).option("binary", binary));
			cache.clear();
			cache.set("sock", "value");
			cache.set("count", 41);
			assertThat(cache.incr("count")).isEqualTo(42);
			assertThat(cache.getMany(List.of("sock", "count", "absent"))).containsOnlyKeys("sock", "count");
			tcp.delete("sock");
			assertThat(tcp.hasKey("sock")).isFalse();
			Cache again = cache((settings) -> settings.location(socket));
			assertThat(again.<String>get("sock")).isEqualTo("value");
		}
		assertThatExceptionOfType(InvalidCacheBackendException.class)
			.isThrownBy(() -> cache((settings) -> settings.locations(List.of("unix:" + socket, "127.0.0.1:11211"))))
			.withMessageContaining("all Unix sockets or all host:port servers");
	}

	@Test
	void authentication_credentialsFromOptions() {
		String server = MemcachedTestServers.authenticated();
		Cache cache = cache(
				(settings) -> settings.location(server).option("username", "cachette").option("password", "s3cret"));
		cache.set("secret", "value");
		assertThat(cache.<String>get("secret")).isEqualTo("value");
		cache.set("n", 1);
		assertThat(cache.incr("n")).isEqualTo(2);
		Cache wrong = cache((settings) -> settings.location(server)
			.option("username", "cachette")
			.option("password", "wrong")
			.option("connect-timeout", "300ms")
			.option("strict", true));
		assertThatExceptionOfType(CacheUnavailableException.class).isThrownBy(() -> wrong.get("secret"))
			.withMessageContaining(server);
		Cache none = cache(
				(settings) -> settings.location(server).option("connect-timeout", "300ms").option("strict", true));
		assertThatExceptionOfType(CacheUnavailableException.class).isThrownBy(() -> none.get("secret"));
	}

	@Test
	void authentication_saslOnTheBinaryProtocol() {
		String server = MemcachedTestServers.sasl();
		Cache cache = cache((settings) -> settings.location(server)
			.option("binary", true)
			.option("username", "cachette")
			.option("password", "s3cret"));
		cache.set("secret", "value");
		assertThat(cache.<String>get("secret")).isEqualTo("value");
		cache.set("n", 1);
		assertThat(cache.incr("n")).isEqualTo(2);
		assertThat(cache.getMany(List.of("secret", "n"))).containsOnlyKeys("secret", "n");
		Cache wrong = cache((settings) -> settings.location(server)
			.option("binary", true)
			.option("username", "cachette")
			.option("password", "wrong")
			.option("connect-timeout", "300ms")
			.option("strict", true));
		assertThatExceptionOfType(CacheUnavailableException.class).isThrownBy(() -> wrong.get("secret"))
			.withMessageContaining(server);
	}

	// counters

	@Test
	void incr_concurrentIncrementsAreAtomic() throws Exception {
		Cache cache = cache();
		cache.set("hits", 0);
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				done.add(pool.submit(() -> {
					start.await();
					for (int i = 0; i < 1000; i++) {
						cache.incr("hits");
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : done) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(cache.<Long>get("hits")).isEqualTo(8000L);
	}

	@Test
	void add_concurrentAddsSucceedExactlyOnce() throws Exception {
		Cache cache = cache();
		cache.delete("once");
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Boolean>> results = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				String value = "thread" + t;
				results.add(pool.submit(() -> {
					start.await();
					return cache.add("once", value);
				}));
			}
			start.countDown();
			int won = 0;
			for (Future<Boolean> result : results) {
				won += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
			}
			assertThat(won).isEqualTo(1);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(cache.<String>get("once")).startsWith("thread");
	}

	@Test
	void incr_missingKeyThrowsAndCreatesNothing() {
		for (boolean binary : List.of(false, true)) {
			Cache cache = cache((settings) -> settings.location(MemcachedTestServers.first()).option("binary", binary));
			cache.delete("missing");
			assertThatExceptionOfType(CacheKeyNotFoundException.class).isThrownBy(() -> cache.incr("missing"));
			assertThatExceptionOfType(CacheKeyNotFoundException.class).isThrownBy(() -> cache.decr("missing", 3));
			assertThatExceptionOfType(CacheKeyNotFoundException.class).isThrownBy(() -> cache.incr("missing", -2));
			assertThat(cache.hasKey("missing")).as("binary=%s", binary).isFalse();
		}
	}

	@Test
	void decr_stopsAtZeroAndNegativeDeltasSwapCommands() {
		for (boolean binary : List.of(false, true)) {
			Cache cache = cache((settings) -> settings.location(MemcachedTestServers.first()).option("binary", binary));
			cache.set("counter", 10);
			assertThat(cache.decr("counter")).isEqualTo(9);
			// decr made the number shorter: memcached may pad it with a space.
			assertThat(cache.<Object>get("counter")).isEqualTo(9L);
			assertThat(cache.getMany(List.of("counter"))).containsEntry("counter", 9L);
			assertThat(cache.incr("counter", -4)).isEqualTo(5);
			assertThat(cache.decr("counter", -5)).isEqualTo(10);
			assertThat(cache.decr("counter", 25)).isZero();
			assertThat(cache.<Object>get("counter")).isEqualTo(0L);
			assertThat(cache.incr("counter", Long.MIN_VALUE)).isZero();
		}
	}

	@Test
	void incr_negativeOrNonIntegerValueThrowsAndKeepsTheConnection() {
		for (boolean binary : List.of(false, true)) {
			Cache cache = cache((settings) -> settings.location(MemcachedTestServers.first()).option("binary", binary));
			cache.set("negative", -5);
			// memcached's counters are unsigned: a negative number is not one
			assertThatExceptionOfType(CacheValueNotIntegerException.class).isThrownBy(() -> cache.incr("negative"))
				.withMessageContaining("key 'mctests:1:negative'");
			cache.set("text", "not a number");
			assertThatExceptionOfType(CacheValueNotIntegerException.class).isThrownBy(() -> cache.decr("text"));
			assertThat(cache.<Long>get("negative")).isEqualTo(-5L);
			cache.set("fine", 1);
			assertThat(cache.incr("fine")).isEqualTo(2);
		}
	}

	@Test
	void incr_pastLongMaxValueThrows() {
		Cache cache = cache();
		cache.set("big", Long.MAX_VALUE);
		assertThatExceptionOfType(CacheException.class).isThrownBy(() -> cache.incr("big"))
			.withMessageContaining("9223372036854775808");
	}

	// many keys, large values

	@Test
	void setMany_returnsTheKeysTheServerRefused() {
		Cache cache = cache(
				(settings) -> settings.location(MemcachedTestServers.first()).option("max-value-size", 1000));
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("small", "value");
		values.put("large", "x".repeat(5000));
		values.put("other", 3);
		assertThat(cache.setMany(values)).containsExactly("large");
		assertThat(cache.getMany(values.keySet())).containsOnlyKeys("small", "other");
	}

	@Test
	void set_valueTheServerRefusesDeletesTheOldValue() {
		Cache cache = cache();
		cache.set("big", "old");
		// Over memcached's default 1 MB item size: the server answers SERVER_ERROR.
		cache.set("big", "x".repeat(1024 * 1024));
		assertThat(cache.hasKey("big")).isFalse();
		assertThat(cache.add("big", "y".repeat(2 * 1024 * 1024))).isFalse();
	}

	@Test
	void getMany_largeBatchOverSeveralServers() {
		Cache cache = cache(
				(settings) -> settings.locations(List.of(MemcachedTestServers.first(), MemcachedTestServers.second())));
		Map<String, Object> values = new LinkedHashMap<>();
		for (int i = 0; i < 600; i++) {
			values.put("batch" + i, (long) i);
		}
		assertThat(cache.setMany(values)).isEmpty();
		List<String> keys = new ArrayList<>(values.keySet());
		keys.add("absent");
		assertThat(cache.getMany(keys)).isEqualTo(values);
		cache.deleteMany(values.keySet());
		assertThat(cache.getMany(keys)).isEmpty();
	}

	@Test
	void noReply_writesWithoutWaiting() throws InterruptedException {
		Cache cache = cache((settings) -> settings.location(MemcachedTestServers.first()).option("no-reply", true));
		cache.set("quiet", "value");
		cache.setMany(Map.of("quiet2", "value2"));
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
		while (cache.get("quiet2") == null && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(cache.getMany(List.of("quiet", "quiet2"))).containsOnlyKeys("quiet", "quiet2");
	}

	// failures

	@Test
	void unreachableServer_failsWithinTheTimeoutNamingAliasAndServer() throws IOException {
		int port = closedPort();
		Cache cache = cache((settings) -> settings.location("127.0.0.1:" + port)
			.option("connect-timeout", "100ms")
			.option("operation-timeout", "300ms")
			.option("strict", true));
		long start = System.nanoTime();
		assertThatExceptionOfType(CacheUnavailableException.class).isThrownBy(() -> cache.get("key"))
			.withMessageContaining("'mc'")
			.withMessageContaining("127.0.0.1:" + port);
		assertThatExceptionOfType(CacheUnavailableException.class).isThrownBy(() -> cache.set("key", 1));
		assertThatExceptionOfType(CacheUnavailableException.class).isThrownBy(() -> cache.incr("key"));
		assertThatExceptionOfType(CacheUnavailableException.class).isThrownBy(() -> cache.getMany(List.of("a", "b")));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
		Cache lenient = cache((settings) -> settings.location("127.0.0.1:" + port)
			.option("connect-timeout", "100ms")
			.option("ignore-exceptions", true));
		assertThat(lenient.<String>get("key", "default")).isEqualTo("default");
		assertThat(lenient.add("key", 1)).isFalse();
	}

	@Test
	void silentServer_failsAfterTheOperationTimeout() throws Exception {
		try (SilentServer silent = new SilentServer()) {
			Cache cache = cache((settings) -> settings.location("127.0.0.1:" + silent.port())
				.option("operation-timeout", "400ms")
				.option("strict", true));
			long start = System.nanoTime();
			assertThatExceptionOfType(CacheUnavailableException.class).isThrownBy(() -> cache.get("key"))
				.withMessageContaining("no answer within 400 ms");
			// Generous upper bound: the machine may be loaded; the point is "not
			// hanging".
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(350),
					Duration.ofSeconds(3));
		}
	}

	// configuration

	@Test
	void options_invalidValuesFailNamingAliasAndOption() {
		assertThatExceptionOfType(InvalidCacheBackendException.class)
			.isThrownBy(() -> cache((settings) -> settings.option("username", "user")))
			.withMessageContaining("caches.mc.options.password");
		assertThatExceptionOfType(InvalidCacheBackendException.class)
			.isThrownBy(() -> cache((settings) -> settings.option("connections", 0)))
			.withMessageContaining("caches.mc.options.connections must be at least 1");
		assertThatExceptionOfType(InvalidCacheBackendException.class)
			.isThrownBy(() -> cache((settings) -> settings.option("operation-timeout", "0s")))
			.withMessageContaining("caches.mc.options.operation-timeout");
		assertThatExceptionOfType(InvalidCacheBackendException.class)
			.isThrownBy(() -> cache((settings) -> settings.location("localhost:http")))
			.withMessageContaining("caches.mc.location");
	}

	@Test
	void severalConnectionsPerServer() {
		Cache cache = cache((settings) -> settings.location(MemcachedTestServers.first()).option("connections", 4));
		for (int i = 0; i < 20; i++) {
			cache.set("pooled" + i, i);
		}
		assertThat(cache.<Long>get("pooled19")).isEqualTo(19L);
	}

}
