package dev.cachette.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.cachette.cache.backend.BaseCache;
import dev.cachette.cache.backend.locmem.LocMemCache;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Cache#lock(String)} in one JVM: the lock is the alias's single-flight slot, so
 * lock holders, waiters and {@code getOrSet} of one key coalesce. Ordered with latches.
 */
@Timeout(30)
class CacheLockTests {

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final List<Cache> caches = new ArrayList<>();

	@AfterEach
	void close() {
		this.threads.shutdownNow();
		this.caches.forEach(Cache::close);
	}

	private BaseCache cache(UnaryOperator<CacheSettings.Builder> customizer) {
		CacheSettings.Builder settings = CacheSettings.builder("locks").location("locks-" + UUID.randomUUID());
		BaseCache cache = new LocMemCache(customizer.apply(settings).build());
		this.caches.add(cache);
		return cache;
	}

	@Test
	void lock_firstCaller_acquiresAndOthersWaitUntilClose() throws Exception {
		BaseCache cache = cache(UnaryOperator.identity());
		CacheLock holder = cache.lock("page");
		assertThat(holder.acquired()).isTrue();
		assertThat(holder.awaitRelease()).isTrue();
		try (CacheLock waiter = cache.lock("page")) {
			assertThat(waiter.acquired()).isFalse();
			Future<Boolean> released = this.threads.submit(waiter::awaitRelease);
			assertThat(released.isDone()).isFalse();
			cache.set("page", "rendered");
			holder.close();
			assertThat(released.get(10, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(cache.get("page", "missing")).isEqualTo("rendered");
		assertThat(cache.stampedeStatistics().coalescedWaits()).isEqualTo(1);
	}

	@Test
	void lock_otherKeys_neverWait() {
		BaseCache cache = cache(UnaryOperator.identity());
		try (CacheLock a = cache.lock("a"); CacheLock b = cache.lock("b")) {
			assertThat(a.acquired()).isTrue();
			assertThat(b.acquired()).isTrue();
		}
	}

	@Test
	void lock_afterClose_isFreeAgain_andCloseIsIdempotent() {
		BaseCache cache = cache(UnaryOperator.identity());
		CacheLock first = cache.lock("k");
		first.close();
		first.close();
		try (CacheLock second = cache.lock("k")) {
			assertThat(second.acquired()).isTrue();
		}
	}

	@Test
	void lock_madeWithKeyPrefixAndVersion() {
		BaseCache cache = cache(UnaryOperator.identity());
		try (CacheLock v1 = cache.lock("k"); CacheLock v2 = cache.withVersion(2).lock("k")) {
			assertThat(v1.acquired()).isTrue();
			assertThat(v2.acquired()).as("another version is another key").isTrue();
			try (CacheLock sameVersion = cache.withVersion(2).lock("k")) {
				assertThat(sameVersion.acquired()).isFalse();
			}
		}
	}

	@Test
	void awaitRelease_boundedByLockTimeout() {
		BaseCache cache = cache((settings) -> settings.option("lock-timeout", "100ms"));
		try (CacheLock holder = cache.lock("k"); CacheLock waiter = cache.lock("k")) {
			long start = System.nanoTime();
			assertThat(waiter.awaitRelease()).isFalse();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
		}
		assertThat(cache.stampedeStatistics().lockTimeouts()).isEqualTo(1);
	}

	@Test
	void lock_withSingleFlightOff_isAlwaysAcquired() {
		BaseCache cache = cache((settings) -> settings.option("single-flight", false));
		try (CacheLock a = cache.lock("k"); CacheLock b = cache.lock("k")) {
			assertThat(a.acquired()).isTrue();
			assertThat(b.acquired()).isTrue();
		}
	}

	@Test
	void getOrSet_whileLockHeld_waitsAndReturnsWhatTheHolderStored() throws Exception {
		BaseCache cache = cache(UnaryOperator.identity());
		AtomicInteger calls = new AtomicInteger();
		CacheLock holder = cache.lock("k");
		Future<String> reader = this.threads
			.submit(() -> cache.getOrSet("k", () -> "supplied" + calls.incrementAndGet()));
		awaitInFlightWaiter(cache);
		cache.set("k", "from-holder");
		holder.close();
		assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo("from-holder");
		assertThat(calls).hasValue(0);
	}

	@Test
	void getOrSet_whileLockHeld_computesOnceWhenTheHolderStoredNothing() throws Exception {
		BaseCache cache = cache(UnaryOperator.identity());
		AtomicInteger calls = new AtomicInteger();
		CacheLock holder = cache.lock("k");
		List<Future<String>> readers = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			readers.add(this.threads.submit(() -> cache.getOrSet("k", () -> "supplied" + calls.incrementAndGet())));
		}
		holder.close();
		for (Future<String> reader : readers) {
			assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo("supplied1");
		}
		assertThat(calls).hasValue(1);
	}

	@Test
	void lock_whileGetOrSetComputes_waitsForIt() throws Exception {
		BaseCache cache = cache(UnaryOperator.identity());
		CountDownLatch computing = new CountDownLatch(1);
		CountDownLatch finish = new CountDownLatch(1);
		Future<String> leader = this.threads.submit(() -> cache.getOrSet("k", () -> {
			computing.countDown();
			await(finish);
			return "computed";
		}));
		await(computing);
		try (CacheLock lock = cache.lock("k")) {
			assertThat(lock.acquired()).isFalse();
			finish.countDown();
			assertThat(lock.awaitRelease()).isTrue();
		}
		assertThat(leader.get(10, TimeUnit.SECONDS)).isEqualTo("computed");
		assertThat(cache.get("k", "missing")).isEqualTo("computed");
	}

	@Test
	void uncoordinated_isAcquiredAndCloseDoesNothing() {
		assertThat(CacheLock.UNCOORDINATED.acquired()).isTrue();
		assertThat(CacheLock.UNCOORDINATED.awaitRelease()).isTrue();
		CacheLock.UNCOORDINATED.close();
		assertThat(CacheLock.UNCOORDINATED.acquired()).isTrue();
	}

	private static void awaitInFlightWaiter(BaseCache cache) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (cache.stampedeStatistics().coalescedWaits() < 1 && System.nanoTime() < deadline) {
			Thread.sleep(5);
		}
		assertThat(cache.stampedeStatistics().coalescedWaits()).isEqualTo(1);
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(20, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
