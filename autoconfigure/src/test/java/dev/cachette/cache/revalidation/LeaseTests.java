package dev.cachette.cache.revalidation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheLock;
import dev.cachette.cache.FakeClock;
import dev.cachette.cache.InvalidCacheBackendException;
import dev.cachette.cache.Refresh;
import dev.cachette.cache.backend.BaseCache;
import dev.cachette.cache.backend.BaseCaches;
import dev.cachette.cache.backend.locmem.LocMemCache;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code lease} option beyond what the contract suite checks on every backend: its
 * validation and defaults, and stale-while-revalidate with a lease (background refreshes
 * only in the instance holding it). Two {@link LocMemCache}s on one location are two
 * instances on one store; a {@link FakeClock} and a hand-run executor keep it
 * deterministic.
 */
@Timeout(30)
class LeaseTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final FakeClock clock = new FakeClock();

	private final Queue<Runnable> background = new ConcurrentLinkedQueue<>();

	private final String location = "lease-" + UUID.randomUUID();

	private final List<Cache> caches = new ArrayList<>();

	@AfterEach
	void close() {
		this.caches.forEach(Cache::close);
	}

	private BaseCache instance(UnaryOperator<CacheSettings.Builder> customizer) {
		CacheSettings.Builder settings = CacheSettings.builder("leased")
			.location(this.location)
			.clock(this.clock)
			.executor(this.background::add)
			.option("lease", "5s");
		BaseCache cache = new LocMemCache(customizer.apply(settings).build());
		this.caches.add(cache);
		return cache;
	}

	private int runBackground() {
		int ran = 0;
		for (Runnable task = this.background.poll(); task != null; task = this.background.poll()) {
			task.run();
			ran++;
		}
		return ran;
	}

	private static Supplier<String> counting(AtomicInteger calls) {
		return () -> "v" + calls.incrementAndGet();
	}

	@Test
	void lease_invalid_failsNamingAliasOptionAndWhatIsValid() {
		for (String invalid : List.of("0s", "-1s", "soon")) {
			assertThatExceptionOfType(InvalidCacheBackendException.class)
				.isThrownBy(() -> instance((settings) -> settings.option("lease", invalid)))
				.withMessageContaining("caches.leased.options.lease")
				.withMessageContaining(invalid);
		}
		assertThatExceptionOfType(InvalidCacheBackendException.class)
			.isThrownBy(() -> instance((settings) -> settings.option("lease", "0")))
			.withMessageContaining("a positive duration");
	}

	@Test
	void lease_defaultLockTimeout_isTheLeasePlusFiveSeconds() {
		BaseCache cache = instance(UnaryOperator.identity());
		try (CacheLock held = cache.lock("k")) {
			assertThat(held.acquired()).isTrue();
		}
		assertThat(BaseCaches.revalidationStore(cache).loader().lockTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(BaseCaches.revalidationStore(instance((settings) -> settings.option("lock-timeout", "1s")))
			.loader()
			.lockTimeout()).isEqualTo(Duration.ofSeconds(1));
		BaseCache withoutLease = new LocMemCache(CacheSettings.builder("plain").build());
		this.caches.add(withoutLease);
		assertThat(BaseCaches.revalidationStore(withoutLease).loader().lockTimeout()).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void lease_isTheStoredKeyWithLeaseSuffix_heldUntilClose() {
		BaseCache cache = instance((settings) -> settings.keyPrefix("site").version(3));
		try (CacheLock held = cache.lock("page")) {
			assertThat(held.acquired()).isTrue();
			assertThat(cache.hasKey("page:lease")).isTrue();
		}
		assertThat(cache.hasKey("page:lease")).isFalse();
	}

	@Test
	void leaseKey_ofALongKey_staysWithinMemcachedsLimitAndDistinct() {
		String key = "k".repeat(245);
		String other = key.substring(1) + "x";
		assertThat(DistributedLease.leaseKey("site:1:page")).isEqualTo("site:1:page:lease");
		assertThat(DistributedLease.leaseKey("k".repeat(244))).isEqualTo("k".repeat(244) + ":lease");
		assertThat(DistributedLease.leaseKey(key)).hasSizeLessThanOrEqualTo(250)
			.startsWith("k".repeat(170) + ":")
			.endsWith(":lease")
			.isNotEqualTo(DistributedLease.leaseKey(other));
	}

	@Test
	void staleWhileRevalidate_withLease_refreshesOnlyInTheInstanceHoldingIt() {
		BaseCache first = instance(UnaryOperator.identity());
		BaseCache second = instance(UnaryOperator.identity());
		AtomicInteger calls = new AtomicInteger();
		Refresh refresh = Refresh.staleWhileRevalidate(Duration.ofSeconds(30)).earlyRecompute(0);
		assertThat(first.getOrSet("k", TIMEOUT, counting(calls), refresh)).isEqualTo("v1");
		this.clock.advance(TIMEOUT);
		CacheLock otherInstance = second.lock("k");
		assertThat(otherInstance.acquired()).isTrue();
		assertThat(first.getOrSet("k", TIMEOUT, counting(calls), refresh)).isEqualTo("v1");
		assertThat(runBackground()).isOne();
		assertThat(calls).as("the other instance holds the lease and refreshes").hasValue(1);
		assertThat(BaseCaches.revalidationStore(first).loader().singleFlight().inFlight()).isZero();
		otherInstance.close();
		assertThat(first.getOrSet("k", TIMEOUT, counting(calls), refresh)).isEqualTo("v1");
		assertThat(runBackground()).isOne();
		assertThat(calls).hasValue(2);
		assertThat(first.hasKey("k:lease")).as("released after the refresh").isFalse();
		assertThat(second.getOrSet("k", TIMEOUT, counting(calls), refresh)).isEqualTo("v2");
		assertThat(first.stampedeStatistics().staleServed()).isEqualTo(2);
	}

	@Test
	void staleWhileRevalidate_refreshQueuedBeforeAnotherInstanceRefreshed_doesNotRecomputeAgain() {
		BaseCache first = instance(UnaryOperator.identity());
		BaseCache second = instance(UnaryOperator.identity());
		AtomicInteger calls = new AtomicInteger();
		Refresh refresh = Refresh.staleWhileRevalidate(Duration.ofSeconds(30)).earlyRecompute(0);
		first.getOrSet("k", TIMEOUT, counting(calls), refresh);
		this.clock.advance(TIMEOUT);
		assertThat(first.getOrSet("k", TIMEOUT, counting(calls), refresh)).isEqualTo("v1");
		assertThat(second.getOrSet("k", TIMEOUT, counting(calls), refresh)).isEqualTo("v1");
		assertThat(runBackground()).as("one queued refresh per instance").isEqualTo(2);
		assertThat(calls).as("the second found the entry refreshed").hasValue(2);
		assertThat(second.getOrSet("k", TIMEOUT, counting(calls), refresh)).isEqualTo("v2");
	}

}
