package dev.cachette.cache.revalidation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheKeyNotFoundException;
import dev.cachette.cache.FakeClock;
import dev.cachette.cache.InvalidCacheBackendException;
import dev.cachette.cache.Refresh;
import dev.cachette.cache.backend.BaseCache;
import dev.cachette.cache.backend.BaseCaches;
import dev.cachette.cache.backend.locmem.LocMemCache;
import dev.cachette.cache.serialization.AllowList;
import dev.cachette.cache.serialization.JavaSerializer;
import dev.cachette.cache.serialization.JsonSerializer;
import dev.cachette.cache.serialization.Serializer;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Stampede protection ({@link RefreshingLoader}, {@link SingleFlight}, {@link Envelope}):
 * single-flight, stale-while-revalidate, stale-if-error, XFetch and jitter, on
 * {@link LocMemCache} with a {@link FakeClock}. Background recomputes go to a queue the
 * test runs by hand, and concurrency is ordered with latches: nothing sleeps for timing.
 */
@Timeout(30)
class StampedeTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final FakeClock clock = new FakeClock();

	private final Queue<Runnable> background = new ConcurrentLinkedQueue<>();

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final List<Cache> caches = new ArrayList<>();

	@AfterEach
	void close() {
		this.threads.shutdownNow();
		this.caches.forEach(Cache::close);
	}

	private BaseCache cache(UnaryOperator<CacheSettings.Builder> customizer) {
		CacheSettings.Builder settings = CacheSettings.builder("stampede")
			.location("stampede-" + UUID.randomUUID())
			.clock(this.clock)
			.executor(this.background::add);
		BaseCache cache = new LocMemCache(customizer.apply(settings).build());
		this.caches.add(cache);
		return cache;
	}

	private BaseCache cache() {
		return cache(UnaryOperator.identity());
	}

	private int runBackground() {
		int ran = 0;
		for (Runnable task = this.background.poll(); task != null; task = this.background.poll()) {
			task.run();
			ran++;
		}
		return ran;
	}

	private static Supplier<String> counting(AtomicInteger calls, String prefix) {
		return () -> prefix + calls.incrementAndGet();
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(20, TimeUnit.SECONDS)).as("latch released").isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Starts a {@code getOrSet} on another thread and returns once it runs the supplier,
	 * which blocks until {@code release}, then returns or throws what {@code then} does.
	 */
	private Future<String> startLeader(BaseCache cache, String key, CountDownLatch release, Supplier<String> then) {
		CountDownLatch leading = new CountDownLatch(1);
		Future<String> leader = this.threads.submit(() -> cache.getOrSet(key, () -> {
			leading.countDown();
			await(release);
			return then.get();
		}, TIMEOUT));
		await(leading);
		return leader;
	}

	// single-flight

	@Test
	void getOrSet_200ConcurrentMissesOfOneKey_callSupplierOnce() throws Exception {
		BaseCache cache = cache((settings) -> settings.option("lock-timeout", "1m"));
		int callers = 200;
		CountDownLatch started = new CountDownLatch(callers);
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger calls = new AtomicInteger();
		List<Future<String>> results = new ArrayList<>();
		for (int i = 0; i < callers; i++) {
			results.add(this.threads.submit(() -> {
				started.countDown();
				return cache.getOrSet("hot", () -> {
					await(release);
					return "value" + calls.incrementAndGet();
				}, TIMEOUT);
			}));
		}
		await(started);
		release.countDown();
		for (Future<String> result : results) {
			assertThat(result.get()).isEqualTo("value1");
		}
		assertThat(calls).hasValue(1);
		assertThat(BaseCaches.revalidationStore(cache).loader().singleFlight().inFlight()).isZero();
		assertThat(cache.stampedeStatistics().lockTimeouts()).isZero();
	}

	@Test
	void getOrSet_differentKeys_doNotWaitOnEachOther() throws Exception {
		BaseCache cache = cache((settings) -> settings.option("lock-timeout", "1m"));
		CountDownLatch release = new CountDownLatch(1);
		Future<String> slow = startLeader(cache, "a", release, () -> "a");
		assertThat(cache.<String>getOrSet("b", () -> "b", TIMEOUT)).isEqualTo("b");
		assertThat(cache.stampedeStatistics().coalescedWaits()).isZero();
		release.countDown();
		assertThat(slow.get()).isEqualTo("a");
	}

	@Test
	void getOrSet_leaderHangs_waiterComputesItselfAfterLockTimeout() throws Exception {
		BaseCache cache = cache((settings) -> settings.option("lock-timeout", "50ms"));
		CountDownLatch release = new CountDownLatch(1);
		Future<String> leader = startLeader(cache, "k", release, () -> "leader");
		assertThat(cache.<String>getOrSet("k", () -> "waiter", TIMEOUT)).isEqualTo("waiter");
		assertThat(cache.stampedeStatistics().coalescedWaits()).isEqualTo(1);
		assertThat(cache.stampedeStatistics().lockTimeouts()).isEqualTo(1);
		release.countDown();
		// Django's get_or_set: the value added first wins.
		assertThat(leader.get()).isEqualTo("waiter");
		assertThat(BaseCaches.revalidationStore(cache).loader().singleFlight().inFlight()).isZero();
	}

	@Test
	void getOrSet_leaderThrows_waitersGetItsExceptionAndNothingLeaks() throws Exception {
		BaseCache cache = cache((settings) -> settings.option("lock-timeout", "1m"));
		CountDownLatch waiting = new CountDownLatch(1);
		AtomicInteger waiterCalls = new AtomicInteger();
		Future<String> leader = startLeader(cache, "k", waiting, () -> {
			throw new IllegalStateException("database down");
		});
		Future<String> waiter = this.threads.submit(() -> cache.getOrSet("k", counting(waiterCalls, "w"), TIMEOUT));
		while (cache.stampedeStatistics().coalescedWaits() == 0) {
			Thread.onSpinWait();
		}
		waiting.countDown();
		assertThat(leader).failsWithin(Duration.ofSeconds(20))
			.withThrowableThat()
			.havingRootCause()
			.withMessage("database down");
		assertThat(waiter).failsWithin(Duration.ofSeconds(20))
			.withThrowableThat()
			.havingRootCause()
			.withMessage("database down");
		assertThat(waiterCalls).hasValue(0);
		assertThat(BaseCaches.revalidationStore(cache).loader().singleFlight().inFlight()).isZero();
	}

	@Test
	void getOrSet_singleFlightOff_waitsForNobody() throws Exception {
		BaseCache cache = cache((settings) -> settings.option("single-flight", "false").option("lock-timeout", "1m"));
		CountDownLatch release = new CountDownLatch(1);
		Future<String> first = startLeader(cache, "k", release, () -> "first");
		assertThat(cache.<String>getOrSet("k", () -> "second", TIMEOUT)).isEqualTo("second");
		release.countDown();
		assertThat(first.get()).isEqualTo("second");
		assertThat(cache.stampedeStatistics().coalescedWaits()).isZero();
	}

	@Test
	void versionViews_shareTheSingleFlightAndStatistics() {
		BaseCache cache = cache();
		BaseCache view = (BaseCache) cache.withVersion(2);
		assertThat(view.stampedeStatistics()).isSameAs(cache.stampedeStatistics());
		assertThat(BaseCaches.revalidationStore(view).loader()).isSameAs(BaseCaches.revalidationStore(cache).loader());
	}

	@Test
	void singleFlightOption_invalid_failsNamingAliasAndOption() {
		assertThatExceptionOfType(InvalidCacheBackendException.class)
			.isThrownBy(() -> cache((settings) -> settings.option("lock-timeout", "soon")))
			.withMessageContaining("caches.stampede.options.lock-timeout");
		assertThatExceptionOfType(InvalidCacheBackendException.class)
			.isThrownBy(() -> cache((settings) -> settings.option("single-flight", "maybe")))
			.withMessageContaining("caches.stampede.options.single-flight");
	}

	// envelopes under plain reads

	@Test
	void get_afterLogicalTimeout_isAMissAndNeverAnEnvelope() {
		BaseCache cache = cache();
		Refresh refresh = Refresh.staleWhileRevalidate(Duration.ofSeconds(30)).earlyRecompute(0);
		assertThat(cache.<String>getOrSet("k", TIMEOUT, () -> "v", refresh)).isEqualTo("v");
		assertThat(cache.<Object>get("k")).isEqualTo("v");
		assertThat(cache.getMany(List.of("k"))).containsExactly(Map.entry("k", "v"));
		assertThat(cache.hasKey("k")).isTrue();
		this.clock.advance(TIMEOUT.minusMillis(1));
		assertThat(cache.<Object>get("k")).isEqualTo("v");
		this.clock.advance(Duration.ofMillis(1));
		assertThat(cache.<Object>get("k", "default")).isEqualTo("default");
		assertThat(cache.getMany(List.of("k"))).isEmpty();
		assertThat(cache.hasKey("k")).isFalse();
		assertThatExceptionOfType(CacheKeyNotFoundException.class).isThrownBy(() -> cache.incrVersion("k"));
		assertThat(cache.<String>getOrSet("k", () -> "plain", TIMEOUT)).isEqualTo("plain");
		assertThat(cache.<Object>get("k")).isEqualTo("plain");
	}

	@Test
	void getOrSet_refresh_integerComesBackAsLongAndSurvivesOtherSerializers() {
		for (Serializer serializer : List.of(new JsonSerializer(AllowList.defaults()),
				new JavaSerializer(AllowList.of(List.of("java.lang.Number", "java.lang.Long"))))) {
			BaseCache cache = cache((settings) -> settings.serializer(serializer));
			assertThat(cache.<Object>getOrSet("n", TIMEOUT, () -> 42, Refresh.defaults())).isEqualTo(42L);
			assertThat(cache.<Object>get("n")).as("%s", serializer).isEqualTo(42L);
			assertThat(cache.<Object>getOrSet("n", TIMEOUT, () -> 0, Refresh.defaults())).isEqualTo(42L);
		}
	}

	@Test
	void getOrSet_refreshZeroTimeout_returnsComputedValueAndStoresNothing() {
		BaseCache cache = cache();
		AtomicInteger calls = new AtomicInteger();
		assertThat(cache.getOrSet("k", Duration.ZERO, counting(calls, "v"), Refresh.defaults())).isEqualTo("v1");
		assertThat(cache.getOrSet("k", Duration.ZERO, counting(calls, "v"), Refresh.defaults())).isEqualTo("v2");
		assertThat(cache.hasKey("k")).isFalse();
	}

	// stale-while-revalidate

	@Test
	void staleWhileRevalidate_withinGrace_servesStaleAtOnceAndRecomputesOnceInBackground() {
		BaseCache cache = cache();
		AtomicInteger calls = new AtomicInteger();
		Refresh refresh = Refresh.staleWhileRevalidate(Duration.ofSeconds(30)).earlyRecompute(0);
		assertThat(cache.getOrSet("k", TIMEOUT, counting(calls, "v"), refresh)).isEqualTo("v1");
		this.clock.advance(TIMEOUT);
		assertThat(cache.getOrSet("k", TIMEOUT, counting(calls, "v"), refresh)).isEqualTo("v1");
		assertThat(cache.getOrSet("k", TIMEOUT, counting(calls, "v"), refresh)).isEqualTo("v1");
		assertThat(calls).hasValue(1);
		assertThat(cache.stampedeStatistics().staleServed()).isEqualTo(2);
		assertThat(runBackground()).isOne();
		assertThat(calls).hasValue(2);
		assertThat(BaseCaches.revalidationStore(cache).loader().singleFlight().inFlight()).isZero();
		assertThat(cache.getOrSet("k", TIMEOUT, counting(calls, "v"), refresh)).isEqualTo("v2");
		assertThat(cache.<Object>get("k")).isEqualTo("v2");
	}

	@Test
	void staleWhileRevalidate_afterGrace_neverServesStale() {
		BaseCache cache = cache();
		AtomicInteger calls = new AtomicInteger();
		// A longer stale-if-error keeps the entry stored past the revalidate window.
		Refresh refresh = Refresh.staleWhileRevalidate(Duration.ofSeconds(30))
			.staleIfError(Duration.ofMinutes(10))
			.earlyRecompute(0);
		cache.getOrSet("k", TIMEOUT, counting(calls, "v"), refresh);
		this.clock.advance(TIMEOUT.plusSeconds(30).minusMillis(1));
		assertThat(cache.getOrSet("k", TIMEOUT, counting(calls, "v"), refresh)).isEqualTo("v1");
		this.background.clear();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(cache.getOrSet("k", TIMEOUT, counting(calls, "v"), refresh)).isEqualTo("v2");
		assertThat(this.background).isEmpty();
		assertThat(cache.stampedeStatistics().staleServed()).isOne();
	}

	@Test
	void staleWhileRevalidate_backgroundFailure_keepsStaleAndIsCounted() {
		BaseCache cache = cache();
		Refresh refresh = Refresh.staleWhileRevalidate(Duration.ofSeconds(30)).earlyRecompute(0);
		cache.getOrSet("k", TIMEOUT, () -> "v1", refresh);
		this.clock.advance(TIMEOUT);
		assertThat(cache.<String>getOrSet("k", TIMEOUT, () -> {
			throw new IllegalStateException("down");
		}, refresh)).isEqualTo("v1");
		runBackground();
		assertThat(cache.stampedeStatistics().refreshFailures()).isOne();
		assertThat(BaseCaches.revalidationStore(cache).loader().singleFlight().inFlight()).isZero();
		assertThat(cache.<String>getOrSet("k", TIMEOUT, () -> "v2", refresh)).isEqualTo("v1");
	}

	// stale-if-error

	@Test
	void staleIfError_withinWindow_servesStale_outsideItPropagates() {
		BaseCache cache = cache();
		Refresh refresh = Refresh.defaults().staleIfError(Duration.ofSeconds(60)).earlyRecompute(0);
		Supplier<String> failing = () -> {
			throw new IllegalStateException("database down");
		};
		cache.getOrSet("k", TIMEOUT, () -> "v1", refresh);
		this.clock.advance(TIMEOUT);
		assertThat(cache.getOrSet("k", TIMEOUT, failing, refresh)).isEqualTo("v1");
		this.clock.advance(Duration.ofSeconds(60).minusMillis(1));
		assertThat(cache.getOrSet("k", TIMEOUT, failing, refresh)).isEqualTo("v1");
		assertThat(cache.stampedeStatistics().staleIfErrorServed()).isEqualTo(2);
		this.clock.advance(Duration.ofMillis(1));
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> cache.getOrSet("k", TIMEOUT, failing, refresh))
			.withMessage("database down");
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> cache.getOrSet("cold", TIMEOUT, failing, refresh));
		assertThat(BaseCaches.revalidationStore(cache).loader().singleFlight().inFlight()).isZero();
	}

	@Test
	void staleIfError_noWindow_propagatesAtOnce() {
		BaseCache cache = cache();
		cache.getOrSet("k", TIMEOUT, () -> "v1", Refresh.defaults());
		this.clock.advance(TIMEOUT);
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> cache.getOrSet("k", TIMEOUT, () -> {
			throw new IllegalStateException("down");
		}, Refresh.defaults()));
	}

	// early recompute (XFetch)

	private BaseCache cacheWithEntryTakingOneSecond(Refresh refresh) {
		BaseCache cache = cache();
		cache.getOrSet("k", TIMEOUT, () -> {
			this.clock.advance(Duration.ofSeconds(1));
			return "v1";
		}, refresh);
		return cache;
	}

	@Test
	void earlyRecompute_randomNearZero_recomputesInBackgroundBeforeExpiry() {
		Refresh refresh = Refresh.defaults();
		BaseCache cache = cacheWithEntryTakingOneSecond(refresh);
		// -1s * ln(1e-9) is about 20.7s, more than the 5s left.
		BaseCaches.revalidationStore(cache).loader().random(() -> 1e-9);
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(cache.<String>getOrSet("k", TIMEOUT, () -> "v2", refresh)).isEqualTo("v1");
		assertThat(cache.stampedeStatistics().earlyRecomputes()).isOne();
		assertThat(runBackground()).isOne();
		assertThat(cache.<Object>get("k")).isEqualTo("v2");
	}

	@Test
	void earlyRecompute_betaZero_neverEarly() {
		Refresh refresh = Refresh.defaults().earlyRecompute(0);
		BaseCache cache = cacheWithEntryTakingOneSecond(refresh);
		BaseCaches.revalidationStore(cache).loader().random(() -> Double.MIN_VALUE);
		this.clock.advance(TIMEOUT.minusMillis(1));
		assertThat(cache.<String>getOrSet("k", TIMEOUT, () -> "v2", refresh)).isEqualTo("v1");
		assertThat(this.background).isEmpty();
		assertThat(cache.stampedeStatistics().earlyRecomputes()).isZero();
	}

	@Test
	void earlyRecompute_randomOne_notEarlyUntilExpiry() {
		Refresh refresh = Refresh.defaults().earlyRecompute(5);
		BaseCache cache = cacheWithEntryTakingOneSecond(refresh);
		BaseCaches.revalidationStore(cache).loader().random(() -> 1.0);
		this.clock.advance(TIMEOUT.minusMillis(1));
		assertThat(cache.<String>getOrSet("k", TIMEOUT, () -> "v2", refresh)).isEqualTo("v1");
		assertThat(this.background).isEmpty();
	}

	@Test
	void earlyRecompute_rule_atTheEdges() {
		RefreshingLoader loader = BaseCaches.revalidationStore(cache()).loader();
		Envelope envelope = new Envelope("v", 10_000, 1_000, 0, 0);
		loader.random(() -> Math.exp(-2));
		// gap = 1000 * beta * 2
		assertThat(loader.isEarly(envelope, 8_000, 1.0)).isTrue();
		assertThat(loader.isEarly(envelope, 7_999, 1.0)).isFalse();
		assertThat(loader.isEarly(envelope, 6_000, 2.0)).isTrue();
		assertThat(loader.isEarly(envelope, 9_999, 0.0)).isFalse();
		assertThat(loader.isEarly(new Envelope("v", 10_000, 0, 0, 0), 9_999, 1.0)).isFalse();
		assertThat(loader.isEarly(new Envelope("v", Long.MAX_VALUE, 1_000, 0, 0), 9_999, 1.0)).isFalse();
	}

	@Test
	void refresh_invalidArguments_throw() {
		assertThatIllegalArgumentException().isThrownBy(() -> Refresh.defaults().earlyRecompute(-1));
		assertThatIllegalArgumentException().isThrownBy(() -> Refresh.defaults().earlyRecompute(Double.NaN));
		assertThatIllegalArgumentException().isThrownBy(() -> Refresh.staleWhileRevalidate(Duration.ofSeconds(-1)));
		assertThatIllegalArgumentException().isThrownBy(() -> Refresh.defaults().jitter(1.0));
	}

	// jitter

	@Test
	void timeoutJitter_lowestRandom_shortensByTheFraction() {
		BaseCache cache = cache((settings) -> settings.option("timeout-jitter", "10%"));
		BaseCaches.revalidationStore(cache).loader().random(() -> Double.MIN_VALUE);
		cache.set("k", "v", Duration.ofSeconds(100));
		this.clock.advance(Duration.ofMillis(89_999));
		assertThat(cache.hasKey("k")).isTrue();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(cache.hasKey("k")).isFalse();
	}

	@Test
	void timeoutJitter_highestRandom_lengthensByTheFraction() {
		BaseCache cache = cache((settings) -> settings.option("timeout-jitter", "0.1"));
		BaseCaches.revalidationStore(cache).loader().random(() -> 1.0);
		cache.add("k", "v", Duration.ofSeconds(100));
		this.clock.advance(Duration.ofMillis(109_999));
		assertThat(cache.hasKey("k")).isTrue();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(cache.hasKey("k")).isFalse();
	}

	@Test
	void timeoutJitter_staysWithinBounds_andSparesForever() {
		BaseCache cache = cache((settings) -> settings.option("timeout-jitter", "25%"));
		RefreshingLoader loader = BaseCaches.revalidationStore(cache).loader();
		for (int i = 0; i < 1000; i++) {
			assertThat(loader.jitter(Duration.ofSeconds(100))).isBetween(Duration.ofSeconds(75),
					Duration.ofSeconds(125));
		}
		assertThat(loader.jitter(Cache.FOREVER)).isEqualTo(Cache.FOREVER);
		assertThat(loader.jitter(Duration.ZERO)).isEqualTo(Duration.ZERO);
	}

	@Test
	void timeoutJitter_offByDefault() {
		RefreshingLoader loader = BaseCaches.revalidationStore(cache()).loader();
		loader.random(() -> Double.MIN_VALUE);
		assertThat(loader.jitter(Duration.ofSeconds(100))).isEqualTo(Duration.ofSeconds(100));
	}

	@Test
	void timeoutJitter_perCall_replacesTheAliasJitterForTheLogicalTimeout() {
		BaseCache cache = cache();
		BaseCaches.revalidationStore(cache).loader().random(() -> 1.0);
		cache.getOrSet("k", TIMEOUT, () -> "v", Refresh.defaults().jitter(0.5));
		this.clock.advance(Duration.ofMillis(14_999));
		assertThat(cache.<Object>get("k")).isEqualTo("v");
		this.clock.advance(Duration.ofMillis(1));
		assertThat(cache.<Object>get("k")).isNull();
	}

	@Test
	void timeoutJitter_invalid_failsNamingAliasOptionAndValue() {
		for (String bad : List.of("100%", "-1%", "ten", "1.5")) {
			assertThatExceptionOfType(InvalidCacheBackendException.class)
				.isThrownBy(() -> cache((settings) -> settings.option("timeout-jitter", bad)))
				.withMessageContaining("caches.stampede.options.timeout-jitter")
				.withMessageContaining(bad);
		}
	}

}
