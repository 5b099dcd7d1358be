package dev.cachette.thymeleaf;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.thymeleaf.exceptions.TemplateProcessingException;

import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheLock;
import dev.cachette.cache.CacheUtils;
import dev.cachette.cache.revalidation.Envelopes;
import dev.cachette.cache.revalidation.Revalidation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Single-flight and the stale windows of cached fragments, on a real engine, locmem and a
 * fake clock; latches make two renderings overlap where a rule needs it.
 */
class FragmentStampedeTests {

	private static final String NS = " xmlns:th=\"http://www.thymeleaf.org\" xmlns:cache=\"https://cachette.dev/thymeleaf\"";

	private static final String KEY = CacheUtils.makeTemplateFragmentKey("news", List.of());

	private final Templates templates = new Templates();

	private final Source source = new Source();

	private static String page(String body) {
		return "<html" + NS + "><body>" + body + "</body></html>";
	}

	private FragmentStampedeTests fragment(String attributes) {
		this.templates.template("p", page("<aside cache:fragment=\"news\" cache:timeout=\"60\"" + attributes
				+ "><p th:text=\"${source.value}\">x</p></aside>"));
		return this;
	}

	private String render() {
		return this.templates.render("p", Map.of("source", this.source));
	}

	private static String html(String value) {
		return "<html><body><aside><p>" + value + "</p></aside></body></html>";
	}

	private CompletableFuture<String> inBackground() {
		return CompletableFuture.supplyAsync(this::render);
	}

	private Cache cache() {
		return this.templates.cache("default");
	}

	@Test
	void concurrentMissesOfOneFragmentRenderItOnce() throws Exception {
		fragment("");
		CountDownLatch release = this.source.block();
		CompletableFuture<String> first = inBackground();
		waitUntil(() -> this.source.calls.get() == 1);
		CompletableFuture<String> second = inBackground();
		waitUntil(() -> this.templates.statistics.coalescedWaits() == 1);
		release.countDown();
		assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(html("v1"));
		assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo(html("v1"));
		assertThat(this.source.calls).hasValue(1);
	}

	@Test
	void aFragmentStoredBetweenTheLookupAndTheLockIsNotRenderedAgain() {
		Cache real = cache();
		AtomicInteger hooks = new AtomicInteger();
		Cache racing = (Cache) Proxy.newProxyInstance(Cache.class.getClassLoader(), new Class<?>[] { Cache.class },
				(proxy, method, arguments) -> {
					if (method.getName().equals("lock") && hooks.getAndIncrement() == 0) {
						// Another page renders and stores the fragment right after this
						// one's lookup missed.
						assertThat(render()).isEqualTo(html("v1"));
					}
					try {
						return method.invoke(real, arguments);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
		this.templates.with("default", racing);
		fragment("");
		assertThat(render()).isEqualTo(html("v1"));
		assertThat(this.source.calls).hasValue(1);
	}

	@Test
	void theLockIsReleasedOnceTheFragmentIsStored() {
		fragment("");
		render();
		try (CacheLock lock = cache().lock(KEY)) {
			assertThat(lock.acquired()).isTrue();
		}
	}

	@Test
	void aFragmentRemovedAfterItsLookupReleasesItsLockAtTheTemplateEnd() throws Exception {
		fragment(" th:remove=\"all\"");
		assertThat(render()).isEqualTo("<html><body></body></html>");
		assertThat(CompletableFuture.supplyAsync(() -> {
			try (CacheLock lock = cache().lock(KEY)) {
				return lock.acquired();
			}
		}).get(5, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void theSameFragmentTwiceInOnePageDoesNotWaitForItself() {
		this.templates.template("p",
				page("<aside cache:fragment=\"news\" cache:timeout=\"60\">"
						+ "<aside cache:fragment=\"news\" cache:timeout=\"60\">"
						+ "<p th:text=\"${source.value}\">x</p></aside></aside>"));
		long start = System.nanoTime();
		assertThat(render()).contains("v1");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
		assertThat(this.templates.statistics.coalescedWaits()).isZero();
	}

	@Test
	void aLockLeftByATemplateThatThrewIsReclaimedOnceAbandoned() throws Exception {
		fragment("");
		this.source.fail = true;
		assertThat(CompletableFuture.supplyAsync(() -> {
			try {
				return render();
			}
			catch (TemplateProcessingException ex) {
				return "failed";
			}
		}).get(5, TimeUnit.SECONDS)).isEqualTo("failed");
		try (CacheLock lock = cache().lock(KEY)) {
			assertThat(lock.acquired()).as("Thymeleaf gives no hook on an exception").isFalse();
		}
		this.source.fail = false;
		this.templates.clock.advance(FragmentLocks.ABANDONED_AFTER.plusSeconds(1));
		assertThat(render()).isEqualTo(html("v2"));
		assertThat(this.templates.statistics.coalescedWaits()).isZero();
		assertThat((String) cache().get(KEY)).isEqualTo("<aside><p>v2</p></aside>");
	}

	@Test
	void releasingTheCurrentThreadsLocksFreesThoseOfATemplateThatThrew() {
		fragment("");
		this.source.fail = true;
		assertThatExceptionOfType(TemplateProcessingException.class).isThrownBy(this::render);
		this.templates.dialect().releaseLocksOfCurrentThread();
		try (CacheLock lock = cache().lock(KEY)) {
			assertThat(lock.acquired()).isTrue();
		}
	}

	@Test
	void withinStaleIfErrorWaitersGetTheStaleFragmentWhenTheHolderStoresNothing() throws Exception {
		fragment(" cache:stale-if-error=\"300\"");
		render();
		this.templates.clock.advance(Duration.ofSeconds(100));
		CompletableFuture<String> waiting;
		try (CacheLock failing = cache().lock(KEY)) {
			waiting = inBackground();
			waitUntil(() -> this.templates.statistics.coalescedWaits() == 1);
		}
		assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo(html("v1"));
		assertThat(this.source.calls).hasValue(1);
		assertThat(this.templates.statistics.staleServed()).isEqualTo(1);
	}

	@Test
	void withinStaleWhileRevalidateTheFragmentIsServedWhileTheLockHolderRendersIt() {
		fragment(" cache:stale-while-revalidate=\"30\"");
		assertThat(render()).isEqualTo(html("v1"));
		this.templates.clock.advance(Duration.ofSeconds(70));
		try (CacheLock holder = cache().lock(KEY)) {
			assertThat(holder.acquired()).isTrue();
			assertThat(render()).isEqualTo(html("v1"));
		}
		assertThat(this.templates.statistics.staleServed()).isEqualTo(1);
		assertThat(this.source.calls).hasValue(1);
		// Nobody else renders it: this rendering takes the lock and refreshes it inline.
		assertThat(render()).isEqualTo(html("v2"));
		assertThat(render()).isEqualTo(html("v2"));
		assertThat(this.source.calls).hasValue(2);
	}

	@Test
	void concurrentRenderingsWithinStaleWhileRevalidateNeverWait() throws Exception {
		this.templates.template("p", page("<aside th:cache=\"60, news, stale-while-revalidate=30\">"
				+ "<p th:text=\"${source.value}\">x</p></aside>"));
		render();
		this.templates.clock.advance(Duration.ofSeconds(61));
		CountDownLatch release = this.source.block();
		CompletableFuture<String> refreshing = inBackground();
		waitUntil(() -> this.source.calls.get() == 2);
		assertThat(render()).isEqualTo(html("v1"));
		release.countDown();
		assertThat(refreshing.get(5, TimeUnit.SECONDS)).isEqualTo(html("v2"));
		assertThat(render()).isEqualTo(html("v2"));
		assertThat(this.templates.statistics.coalescedWaits()).isZero();
	}

	@Test
	void afterTheStaleWhileRevalidateWindowTheFragmentRendersAgain() {
		fragment(" cache:stale-while-revalidate=\"30\"");
		render();
		assertThat(Envelopes.isEnvelope(Revalidation.of(cache(), this.templates.clock).read(KEY))).isTrue();
		this.templates.clock.advance(Duration.ofSeconds(90));
		assertThat(render()).isEqualTo(html("v2"));
		assertThat(this.templates.statistics.staleServed()).isZero();
	}

	@Test
	void withinStaleIfErrorAWaiterWhoseHolderNeverFinishesGetsTheStaleFragment() throws Exception {
		this.templates.withLocMem("default", Map.of("lock-timeout", "100ms"));
		fragment(" cache:stale-if-error=\"300\"");
		render();
		this.templates.clock.advance(Duration.ofSeconds(100));
		try (CacheLock stuck = cache().lock(KEY)) {
			assertThat(stuck.acquired()).isTrue();
			assertThat(render()).isEqualTo(html("v1"));
		}
		assertThat(this.templates.statistics.staleServed()).isEqualTo(1);
		this.templates.clock.advance(Duration.ofSeconds(300));
		try (CacheLock stuck = cache().lock(KEY)) {
			// Past the window the waiter renders it itself.
			assertThat(render()).isEqualTo(html("v2"));
		}
	}

	@Test
	void aWindowMustBeSeconds() {
		fragment(" cache:stale-while-revalidate=\"'soon'\"");
		assertThatExceptionOfType(TemplateProcessingException.class).isThrownBy(this::render)
			.withStackTraceContaining("stale window");
	}

	@Test
	void aWindowWithoutTheFragmentAttributeFails() {
		this.templates.template("p", page("<aside cache:stale-if-error=\"30\">x</aside>"));
		assertThatExceptionOfType(TemplateProcessingException.class).isThrownBy(this::render)
			.withStackTraceContaining("needs 'cache:fragment'");
	}

	private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Condition not met within 5 s");
			}
			Thread.sleep(5);
		}
	}

	/**
	 * The data behind the fragment: counts its reads, and can block or fail.
	 */
	public static final class Source {

		final AtomicInteger calls = new AtomicInteger();

		volatile boolean fail;

		private volatile CountDownLatch gate = new CountDownLatch(0);

		CountDownLatch block() {
			CountDownLatch gate = new CountDownLatch(1);
			this.gate = gate;
			return gate;
		}

		/**
		 * Reads the value.
		 * @return {@code v<n>}, n counting the reads
		 * @throws InterruptedException if interrupted while blocked
		 */
		public String getValue() throws InterruptedException {
			int call = this.calls.incrementAndGet();
			if (this.fail) {
				throw new IllegalStateException("database down");
			}
			if (!this.gate.await(5, TimeUnit.SECONDS)) {
				throw new IllegalStateException("never released");
			}
			return "v" + call;
		}

	}

}
