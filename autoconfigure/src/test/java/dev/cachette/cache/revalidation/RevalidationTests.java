package dev.cachette.cache.revalidation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.cachette.cache.Cache;
import dev.cachette.cache.CountingCache;
import dev.cachette.cache.FakeClock;
import dev.cachette.cache.backend.BaseCache;
import dev.cachette.cache.backend.BaseCaches;
import dev.cachette.cache.backend.locmem.LocMemCache;
import dev.cachette.cache.revalidation.Revalidation.Outcome;
import dev.cachette.cache.revalidation.Revalidation.Serve;
import dev.cachette.cache.revalidation.Revalidation.Ticket;
import dev.cachette.cache.revalidation.Revalidation.Windows;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two phases of the {@link Revalidation} flow as the page and fragment caches use
 * them, on a {@link FakeClock}: fresh, stale while one caller refreshes, stale on error,
 * coalesced waiters, the lease across two instances sharing a store, and the key released
 * on every path. XFetch, jitter and background refreshes go through {@code getOrSet}, in
 * {@link StampedeTests}, {@link LeaseTests} and {@link StaleWhileDownTests}.
 */
@Timeout(30)
class RevalidationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final Windows WINDOWS = new Windows(Duration.ofSeconds(30), Duration.ofSeconds(300));

	private final FakeClock clock = new FakeClock();

	private final String location = "revalidation-" + UUID.randomUUID();

	private final List<Cache> caches = new ArrayList<>();

	private final StampedeStatistics counters = new StampedeStatistics();

	@AfterEach
	void close() {
		this.caches.forEach(Cache::close);
	}

	private BaseCache instance(UnaryOperator<CacheSettings.Builder> customizer) {
		BaseCache cache = new LocMemCache(
				customizer.apply(CacheSettings.builder("flow").location(this.location).clock(this.clock)).build());
		this.caches.add(cache);
		return cache;
	}

	private BaseCache cache() {
		return instance(UnaryOperator.identity());
	}

	private Outcome<String> begin(Cache cache, String key) {
		Revalidation flow = Revalidation.of(cache, this.clock);
		return flow.begin(key, String.class, () -> flow.read(key), (value) -> true, true, this.counters);
	}

	private void store(Cache cache, String key, String value, Windows windows) {
		try (Ticket<String> ticket = ticket(begin(cache, key))) {
			ticket.store(key, value, TIMEOUT, windows);
		}
	}

	@SuppressWarnings("unchecked")
	private static Ticket<String> ticket(Outcome<String> outcome) {
		assertThat(outcome).isInstanceOf(Ticket.class);
		return (Ticket<String>) outcome;
	}

	private static String served(Outcome<String> outcome) {
		assertThat(outcome).isInstanceOf(Serve.class);
		return ((Serve<String>) outcome).value();
	}

	@Test
	void aMissIsATicket_andTheStoredValueIsServedFreshUntilItsTimeout() {
		BaseCache cache = cache();
		store(cache, "k", "v1", WINDOWS);
		assertThat(served(begin(cache, "k"))).isEqualTo("v1");
		this.clock.advance(TIMEOUT.minusMillis(1));
		assertThat(served(begin(cache, "k"))).isEqualTo("v1");
		assertThat(this.counters.staleServed()).isZero();
	}

	@Test
	void withoutWindows_theValueIsStoredPlainAsDjangoStoresIt() {
		BaseCache cache = cache();
		store(cache, "k", "v1", Windows.NONE);
		assertThat(cache.<Object>get("k")).isEqualTo("v1");
		assertThat(BaseCaches.revalidationStore(cache).read(cache.makeKey("k"))).isEqualTo("v1");
		this.clock.advance(TIMEOUT);
		assertThat(begin(cache, "k")).isInstanceOf(Ticket.class);
	}

	@Test
	void withinStaleWhileRevalidate_oneCallerRefreshesWhileTheOthersServeStale() {
		BaseCache cache = cache();
		store(cache, "k", "v1", WINDOWS);
		this.clock.advance(TIMEOUT.plusSeconds(10));
		try (Ticket<String> refresher = ticket(begin(cache, "k"))) {
			assertThat(refresher.holdsKey()).isTrue();
			assertThat(served(begin(cache, "k"))).isEqualTo("v1");
			assertThat(served(begin(cache, "k"))).isEqualTo("v1");
			refresher.store("k", "v2", TIMEOUT, WINDOWS);
		}
		assertThat(served(begin(cache, "k"))).isEqualTo("v2");
		assertThat(this.counters.staleServed()).isEqualTo(2);
		assertThat(this.counters.coalescedWaits()).isZero();
	}

	@Test
	void plainReadsSeeTheValueUntilItsTimeoutAndNeverTheEnvelope() {
		BaseCache cache = cache();
		store(cache, "k", "v1", WINDOWS);
		assertThat(cache.<Object>get("k")).isEqualTo("v1");
		this.clock.advance(TIMEOUT);
		assertThat(cache.<Object>get("k")).isNull();
		try (Ticket<String> refresher = ticket(begin(cache, "k"))) {
			assertThat(refresher.staleIfError("failed")).as("kept for the grace").isEqualTo("v1");
		}
	}

	@Test
	void afterTheWindows_anExpiredValueIsAMiss() {
		BaseCache cache = cache();
		store(cache, "k", "v1", WINDOWS);
		this.clock.advance(TIMEOUT.plusSeconds(300));
		try (Ticket<String> ticket = ticket(begin(cache, "k"))) {
			assertThat(ticket.staleIfError("failed")).isNull();
		}
	}

	@Test
	void withinStaleIfError_aFailedRecomputationIsReplacedByTheStaleValue() {
		BaseCache cache = cache();
		store(cache, "k", "v1", WINDOWS);
		this.clock.advance(TIMEOUT.plusSeconds(100));
		try (Ticket<String> ticket = ticket(begin(cache, "k"))) {
			assertThat(ticket.staleIfError("rendering failed")).isEqualTo("v1");
		}
		assertThat(this.counters.staleIfErrorServed()).isOne();
	}

	@Test
	void aWaiterServesWhatTheHolderStored() throws Exception {
		BaseCache cache = cache();
		Ticket<String> holder = ticket(begin(cache, "k"));
		CompletableFuture<String> waiter = CompletableFuture.supplyAsync(() -> served(begin(cache, "k")));
		while (this.counters.coalescedWaits() == 0) {
			Thread.onSpinWait();
		}
		holder.store("k", "v1", TIMEOUT, Windows.NONE);
		holder.close();
		assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo("v1");
		assertThat(this.counters.coalescedWaits()).isOne();
	}

	@Test
	void aWaiterWhoseHolderStoresNothing_servesStaleWithinStaleIfError_elseRecomputes() throws Exception {
		BaseCache cache = cache();
		store(cache, "k", "v1", WINDOWS);
		this.clock.advance(TIMEOUT.plusSeconds(100));
		Ticket<String> failing = ticket(begin(cache, "k"));
		CompletableFuture<String> waiter = CompletableFuture.supplyAsync(() -> served(begin(cache, "k")));
		while (this.counters.coalescedWaits() == 0) {
			Thread.onSpinWait();
		}
		failing.close();
		assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo("v1");
		this.clock.advance(Duration.ofSeconds(300));
		try (Ticket<String> again = ticket(begin(cache, "k"))) {
			assertThat(again.holdsKey()).isTrue();
		}
	}

	@Test
	void aWaiterWhoseHolderNeverFinishes_recomputesAfterTheLockTimeout() {
		BaseCache cache = instance((settings) -> settings.option("lock-timeout", "50ms"));
		try (Ticket<String> stuck = ticket(begin(cache, "k"))) {
			try (Ticket<String> waiter = ticket(begin(cache, "k"))) {
				assertThat(waiter.holdsKey()).isFalse();
			}
		}
		assertThat(this.counters.lockTimeouts()).isOne();
	}

	@Test
	void theKeyIsReleasedOnEveryPath_andCloseIsIdempotent() {
		BaseCache cache = cache();
		Ticket<String> notStored = ticket(begin(cache, "k"));
		notStored.close();
		notStored.close();
		Ticket<String> failed = ticket(begin(cache, "k"));
		assertThat(failed.staleIfError(new IllegalStateException("boom"))).isNull();
		failed.close();
		try (Ticket<String> next = ticket(begin(cache, "k"))) {
			assertThat(next.holdsKey()).isTrue();
		}
		assertThat(BaseCaches.revalidationStore(cache).loader().singleFlight().inFlight()).isZero();
		assertThat(this.counters.coalescedWaits()).isZero();
	}

	@Test
	void withoutCoordination_everyMissRecomputes() {
		BaseCache cache = cache();
		Revalidation flow = Revalidation.of(cache, this.clock);
		try (Ticket<String> first = ticket(begin(cache, "k"))) {
			Outcome<String> second = flow.begin("k", String.class, () -> flow.read("k"), (value) -> true, false,
					this.counters);
			assertThat(ticket(second).holdsKey()).isFalse();
		}
	}

	@Test
	void aValueTheCallerMayNotServe_isAMiss() {
		BaseCache cache = cache();
		store(cache, "k", "for-alice", Windows.NONE);
		Revalidation flow = Revalidation.of(cache, this.clock);
		Outcome<String> bob = flow.begin("k", String.class, () -> flow.read("k"), (value) -> !value.equals("for-alice"),
				true, this.counters);
		try (Ticket<String> ticket = ticket(bob)) {
			assertThat(ticket.holdsKey()).isTrue();
		}
	}

	@Test
	void leaseAcrossTwoInstances_theSecondWaitsForTheFirstsValue() throws Exception {
		BaseCache first = instance((settings) -> settings.option("lease", "5s"));
		BaseCache second = instance((settings) -> settings.option("lease", "5s"));
		Ticket<String> holder = ticket(begin(first, "k"));
		assertThat(first.hasKey("k" + DistributedLease.SUFFIX)).as("the lease is taken").isTrue();
		CompletableFuture<String> otherInstance = CompletableFuture.supplyAsync(() -> served(begin(second, "k")));
		while (second.stampedeStatistics().leaseWaits() == 0) {
			Thread.onSpinWait();
		}
		holder.store("k", "v1", TIMEOUT, Windows.NONE);
		holder.close();
		assertThat(otherInstance.get(10, TimeUnit.SECONDS)).isEqualTo("v1");
		assertThat(first.hasKey("k" + DistributedLease.SUFFIX)).as("the lease is released").isFalse();
	}

	@Test
	void leaseAcrossTwoInstances_withinStaleWhileRevalidateTheOtherServesStale() {
		BaseCache first = instance((settings) -> settings.option("lease", "5s"));
		BaseCache second = instance((settings) -> settings.option("lease", "5s"));
		store(first, "k", "v1", WINDOWS);
		this.clock.advance(TIMEOUT.plusSeconds(10));
		try (Ticket<String> refresher = ticket(begin(first, "k"))) {
			assertThat(served(begin(second, "k"))).isEqualTo("v1");
		}
		try (Ticket<String> next = ticket(begin(second, "k"))) {
			assertThat(next.holdsKey()).as("the lease was released").isTrue();
		}
	}

	@Test
	void aCacheWithoutLocks_letsEveryMissRecompute() {
		CountingCache counting = new CountingCache(cache());
		store(counting, "k", "v1", WINDOWS);
		assertThat(served(begin(counting, "k"))).isEqualTo("v1");
		this.clock.advance(TIMEOUT.plusSeconds(10));
		try (Ticket<String> refresher = ticket(begin(counting, "k"))) {
			assertThat(refresher.holdsKey()).isFalse();
		}
	}

}
