package dev.cachette.cache.revalidation;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.cachette.cache.FakeClock;
import dev.cachette.cache.Refresh;
import dev.cachette.cache.TestRemoteCache;
import dev.cachette.cache.backend.BaseCache;
import dev.cachette.cache.backend.BaseCaches;
import dev.cachette.cache.resilience.CircuitBreaker;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Serving stale while the backend is down: with the circuit open, a key with a
 * stale-if-error window is answered from the last value this JVM read or computed for it,
 * within that window ({@link LastKnownValues}); past it, or for a key never seen, the
 * supplier runs, and pages and fragments render without waiting for each other.
 */
class StaleWhileDownTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final Refresh REFRESH = Refresh.defaults().staleIfError(Duration.ofSeconds(60));

	private final FakeClock clock = new FakeClock();

	private final TestRemoteCache cache = new TestRemoteCache(CacheSettings.builder("remote")
		.clock(this.clock)
		.executor(Runnable::run)
		.option("circuit-breaker", Map.of("backoff-initial", "10m", "backoff-max", "10m"))
		.build());

	private final AtomicInteger computed = new AtomicInteger();

	private String getOrSet(String key) {
		return this.cache.getOrSet(key, TIMEOUT, () -> "v" + this.computed.incrementAndGet(), REFRESH);
	}

	private void openTheCircuit() {
		this.cache.down = true;
		for (int i = 0; i < 5; i++) {
			this.cache.get("other");
		}
		assertThat(this.cache.circuitBreaker().state()).isEqualTo(CircuitBreaker.State.OPEN);
	}

	@Test
	void whileOpen_aFreshKeyIsServedFromTheLastKnownValue() {
		assertThat(getOrSet("k")).isEqualTo("v1");
		openTheCircuit();
		assertThat(getOrSet("k")).isEqualTo("v1");
		assertThat(this.computed.get()).isEqualTo(1);
		assertThat(this.cache.stampedeStatistics().staleIfErrorServed()).isZero();
	}

	@Test
	void whileOpen_anExpiredKeyWithinTheWindow_isServedStaleAndRefreshedInTheBackground() {
		assertThat(getOrSet("k")).isEqualTo("v1");
		openTheCircuit();
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(getOrSet("k")).isEqualTo("v1");
		assertThat(this.cache.stampedeStatistics().staleIfErrorServed()).isEqualTo(1);
		// The background refresh (run inline here) computed v2: kept in the JVM, since
		// the store cannot take it.
		assertThat(this.computed.get()).isEqualTo(2);
		assertThat(getOrSet("k")).isEqualTo("v2");
	}

	@Test
	void whileOpen_pastTheWindow_theSupplierRuns() {
		assertThat(getOrSet("k")).isEqualTo("v1");
		openTheCircuit();
		this.clock.advance(Duration.ofSeconds(71));
		assertThat(getOrSet("k")).isEqualTo("v2");
	}

	@Test
	void whileOpen_aKeyNeverSeen_isComputed() {
		openTheCircuit();
		assertThat(getOrSet("new")).isEqualTo("v1");
		assertThat(getOrSet("new")).as("remembered once computed").isEqualTo("v1");
	}

	@Test
	@SuppressWarnings("unchecked")
	void whileOpen_theTwoPhaseFlowOfFragments_servesTheLastKnownValueWithinItsWindow() {
		Revalidation flow = Revalidation.of(this.cache, this.clock);
		StampedeStatistics counters = new StampedeStatistics();
		Revalidation.Windows windows = new Revalidation.Windows(Duration.ZERO, Duration.ofSeconds(60));
		try (Revalidation.Ticket<String> ticket = (Revalidation.Ticket<String>) flow.begin("f", String.class,
				() -> flow.read("f"), (html) -> true, true, counters)) {
			ticket.store("f", "<p>v1</p>", TIMEOUT, windows);
		}
		openTheCircuit();
		this.clock.advance(Duration.ofSeconds(30));
		Revalidation.Outcome<String> down = flow.begin("f", String.class, () -> flow.read("f"), (html) -> true, true,
				counters);
		assertThat(down).isInstanceOfSatisfying(Revalidation.Serve.class,
				(serve) -> assertThat(serve.value()).isEqualTo("<p>v1</p>"));
		assertThat(counters.staleIfErrorServed()).isOne();
		this.clock.advance(Duration.ofSeconds(41));
		Revalidation.Outcome<String> past = flow.begin("f", String.class, () -> flow.read("f"), (html) -> true, true,
				counters);
		assertThat(past).as("past the window").isInstanceOf(Revalidation.Ticket.class);
		((Revalidation.Ticket<String>) past).close();
	}

	@Test
	@SuppressWarnings("unchecked")
	void whileOpen_thoseWhoRecomputeInline_doNotWaitForEachOther() {
		openTheCircuit();
		Revalidation flow = Revalidation.of(this.cache, this.clock);
		StampedeStatistics counters = new StampedeStatistics();
		try (Revalidation.Ticket<String> first = (Revalidation.Ticket<String>) flow.begin("f", String.class,
				() -> flow.read("f"), (html) -> true, true, counters)) {
			// The first caller's page or fragment could not reach the store: a second
			// caller waiting for it would only render after it.
			assertThat(first.holdsKey()).isFalse();
			long start = System.nanoTime();
			Revalidation.Outcome<String> second = flow.begin("f", String.class, () -> flow.read("f"), (html) -> true,
					true, counters);
			assertThat(second).isInstanceOf(Revalidation.Ticket.class);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
			((Revalidation.Ticket<String>) second).close();
		}
		assertThat(counters.coalescedWaits()).isZero();
	}

	@Test
	void withoutAStaleIfErrorWindow_nothingIsKept() {
		this.cache.getOrSet("k", TIMEOUT, () -> "v", Refresh.defaults());
		assertThat(BaseCaches.revalidationStore(this.cache).loader().lastKnown().size()).isZero();
	}

	@Test
	void localBackends_keepNothing() {
		FakeClock clock = new FakeClock();
		BaseCache local = new dev.cachette.cache.backend.locmem.LocMemCache(
				CacheSettings.builder("local").clock(clock).location("stale-while-down").build());
		local.getOrSet("k", TIMEOUT, () -> "v", REFRESH);
		assertThat(BaseCaches.revalidationStore(local).loader().lastKnown().size()).isZero();
	}

}
