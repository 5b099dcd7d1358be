package dev.cachette.web;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheLock;
import dev.cachette.cache.Caches;
import dev.cachette.cache.FakeClock;
import dev.cachette.cache.backend.locmem.LocMemCache;
import dev.cachette.cache.revalidation.Envelopes;
import dev.cachette.cache.revalidation.Revalidation;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Single-flight and the stale windows of the per-site cache, through its two real filters
 * around a servlet that counts its renderings, on a fake clock: no sleeping, and latches
 * where two requests must overlap.
 */
class PageStampedeTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final FakeClock clock = new FakeClock();

	private final Cache cache = new LocMemCache(
			CacheSettings.builder("default").location("page-stampede-" + UUID.randomUUID()).clock(this.clock).build());

	private final PageCacheStatistics statistics = new PageCacheStatistics();

	private final AtomicInteger renders = new AtomicInteger();

	private volatile Renderer renderer = (request, response) -> response.getWriter()
		.write("page " + this.renders.get());

	private PageCache site;

	private UpdateCacheFilter update;

	private FetchFromCacheFilter fetch;

	@AfterEach
	void close() {
		this.cache.close();
	}

	private PageStampedeTests site(PageRefresh refresh) {
		PageCachePolicy policy = new PageCachePolicy(TIMEOUT, false, PageCachePolicy.SetCookieRule.NEVER_STORE);
		PageCaches pageCaches = new PageCaches(new Caches(Map.of("default", this.cache)), policy, null, this.statistics,
				this.clock, "default", "", new PageRegistry(), refresh);
		this.site = pageCaches.site();
		this.update = new UpdateCacheFilter();
		this.fetch = new FetchFromCacheFilter(pageCaches);
		return this;
	}

	private PageStampedeTests windows(long staleWhileRevalidate, long staleIfError) {
		return site(PageRefresh.defaults()
			.withWindows(Duration.ofSeconds(staleWhileRevalidate), Duration.ofSeconds(staleIfError)));
	}

	private MockHttpServletResponse get() throws IOException, ServletException {
		MockHttpServletResponse response = new MockHttpServletResponse();
		HttpServlet servlet = new HttpServlet() {

			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
				PageStampedeTests.this.renders.incrementAndGet();
				PageStampedeTests.this.renderer.render(request, response);
			}

		};
		new MockFilterChain(servlet, this.update, this.fetch).doFilter(request(), response);
		return response;
	}

	private static MockHttpServletRequest request() {
		return new MockHttpServletRequest("GET", "/home");
	}

	private String body() throws Exception {
		return get().getContentAsString();
	}

	private CompletableFuture<String> inBackground() {
		return CompletableFuture.supplyAsync(() -> {
			try {
				return body();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	/** Makes the next renderings block until the returned latch opens. */
	private CountDownLatch blockRendering(CountDownLatch started) {
		CountDownLatch release = new CountDownLatch(1);
		Renderer plain = this.renderer;
		this.renderer = (request, response) -> {
			started.countDown();
			await(release);
			plain.render(request, response);
		};
		return release;
	}

	@Test
	void concurrentMissesOfOneUrlRenderOnceAndTheWaiterGetsTheStoredPage() throws Exception {
		site(PageRefresh.defaults());
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = blockRendering(started);
		CompletableFuture<String> first = inBackground();
		await(started);
		CompletableFuture<String> second = inBackground();
		waitUntil(() -> this.statistics.coalescedWaits() == 1);
		release.countDown();
		assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("page 1");
		assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("page 1");
		assertThat(this.renders).hasValue(1);
	}

	@Test
	void aPageStoredBetweenTheLookupAndTheLockIsNotRenderedAgain() throws Exception {
		Cache real = this.cache;
		AtomicInteger hooks = new AtomicInteger();
		Cache racing = (Cache) Proxy.newProxyInstance(Cache.class.getClassLoader(), new Class<?>[] { Cache.class },
				(proxy, method, arguments) -> {
					if (method.getName().equals("lock") && hooks.getAndIncrement() == 0) {
						// Another request renders and stores the page right after this
						// one's lookup missed.
						assertThat(body()).isEqualTo("page 1");
					}
					try {
						return method.invoke(real, arguments);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
		PageCachePolicy policy = new PageCachePolicy(TIMEOUT, false, PageCachePolicy.SetCookieRule.NEVER_STORE);
		PageCaches pageCaches = new PageCaches(new Caches(Map.of("default", racing)), policy, null, this.statistics,
				this.clock, "default", "", new PageRegistry(), PageRefresh.defaults());
		this.update = new UpdateCacheFilter();
		this.fetch = new FetchFromCacheFilter(pageCaches);
		assertThat(body()).isEqualTo("page 1");
		assertThat(this.renders).hasValue(1);
	}

	@Test
	void waitersRenderThemselvesWhenThePageWasNotStored() throws Exception {
		site(PageRefresh.defaults());
		CountDownLatch started = new CountDownLatch(1);
		Renderer page = this.renderer;
		this.renderer = (request, response) -> {
			response.setHeader("Cache-Control", "private");
			page.render(request, response);
		};
		CountDownLatch release = blockRendering(started);
		CompletableFuture<String> first = inBackground();
		await(started);
		this.renderer = page;
		CompletableFuture<String> second = inBackground();
		waitUntil(() -> this.statistics.coalescedWaits() == 1);
		release.countDown();
		assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("page 1");
		assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("page 2");
		assertThat(this.renders).hasValue(2);
	}

	@Test
	void withSingleFlightOffEveryMissRenders() throws Exception {
		site(PageRefresh.defaults().withSingleFlight(false));
		CountDownLatch started = new CountDownLatch(2);
		CountDownLatch release = blockRendering(started);
		CompletableFuture<String> first = inBackground();
		CompletableFuture<String> second = inBackground();
		assertThat(started.await(5, TimeUnit.SECONDS)).as("both requests render at once").isTrue();
		release.countDown();
		first.get(5, TimeUnit.SECONDS);
		second.get(5, TimeUnit.SECONDS);
		assertThat(this.renders).hasValue(2);
		assertThat(this.statistics.coalescedWaits()).isZero();
	}

	@Test
	void aRenderingThatThrowsReleasesItsLock() throws Exception {
		site(PageRefresh.defaults());
		this.renderer = (request, response) -> {
			throw new IllegalStateException("database down");
		};
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(this::get);
		try (CacheLock lock = this.cache.lock(this.site.headerKey(request()))) {
			assertThat(lock.acquired()).isTrue();
		}
	}

	@Test
	void withinStaleWhileRevalidateOthersGetTheStalePageWhileTheLockHolderRenders() throws Exception {
		windows(30, 0);
		assertThat(body()).isEqualTo("page 1");
		this.clock.advance(TIMEOUT.plusSeconds(10));
		try (CacheLock holder = this.cache.lock(this.site.headerKey(request()))) {
			assertThat(holder.acquired()).isTrue();
			assertThat(body()).isEqualTo("page 1");
		}
		assertThat(this.renders).hasValue(1);
		assertThat(this.statistics.staleServed()).isEqualTo(1);
		// Nobody else holds it: this request renders inline and stores the new page.
		assertThat(body()).isEqualTo("page 2");
		assertThat(body()).isEqualTo("page 2");
		assertThat(this.renders).hasValue(2);
	}

	@Test
	void concurrentRequestsWithinStaleWhileRevalidateNeverWait() throws Exception {
		windows(30, 0);
		body();
		this.clock.advance(TIMEOUT.plusSeconds(1));
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = blockRendering(started);
		CompletableFuture<String> revalidating = inBackground();
		await(started);
		assertThat(body()).isEqualTo("page 1");
		assertThat(body()).isEqualTo("page 1");
		release.countDown();
		assertThat(revalidating.get(5, TimeUnit.SECONDS)).isEqualTo("page 2");
		assertThat(body()).isEqualTo("page 2");
		assertThat(this.renders).hasValue(2);
		assertThat(this.statistics.coalescedWaits()).isZero();
		assertThat(this.statistics.staleServed()).isEqualTo(2);
	}

	@Test
	void afterTheStaleWhileRevalidateWindowThePageIsAMiss() throws Exception {
		windows(30, 0);
		body();
		this.clock.advance(TIMEOUT.plusSeconds(30));
		try (CacheLock holder = this.cache.lock(this.site.headerKey(request()))) {
			// Past the window a request waits for the holder instead of serving stale.
			CompletableFuture<String> waiting = inBackground();
			waitUntil(() -> this.statistics.coalescedWaits() == 1);
			holder.close();
			assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo("page 2");
		}
		assertThat(this.statistics.staleServed()).isZero();
	}

	@Test
	void withoutWindowsAnExpiredPageIsAMissAsInDjango() throws Exception {
		site(PageRefresh.defaults());
		body();
		assertThat(this.cache.get(this.site.getCacheKey(request()), (Object) null)).isInstanceOf(CachedPage.class);
		this.clock.advance(TIMEOUT);
		assertThat(body()).isEqualTo("page 2");
	}

	@Test
	void aPageWithWindowsIsKeptForTheGraceButReadAsAMissByPlainFetchAfterItsTimeout() throws Exception {
		windows(0, 300);
		body();
		String key = this.site.getCacheKey(request());
		assertThat(Envelopes.isEnvelope(Revalidation.of(this.cache, this.clock).read(key))).isTrue();
		this.clock.advance(TIMEOUT.plusSeconds(200));
		assertThat(this.site.getCacheKey(request())).as("the Vary list outlives the timeout").isEqualTo(key);
		// Renders fine: the stale page is only for errors.
		assertThat(body()).isEqualTo("page 2");
		this.clock.advance(TIMEOUT.plusSeconds(301));
		assertThat(this.site.getCacheKey(request())).isNull();
	}

	@Test
	void withinStaleIfErrorAnExceptionIsReplacedByTheStalePage() throws Exception {
		windows(0, 300);
		body();
		this.clock.advance(TIMEOUT.plusSeconds(200));
		this.renderer = (request, response) -> {
			response.getWriter().write("half a page");
			throw new IllegalStateException("database down");
		};
		MockHttpServletResponse response = get();
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentAsString()).isEqualTo("page 1");
		assertThat(this.statistics.staleIfErrorServed()).isEqualTo(1);
	}

	@Test
	void withinStaleIfErrorA5xxStatusOrErrorIsReplacedByTheStalePage() throws Exception {
		windows(0, 300);
		body();
		this.clock.advance(TIMEOUT.plusSeconds(1));
		this.renderer = (request, response) -> {
			response.setStatus(503);
			response.getWriter().write("maintenance");
		};
		assertThat(body()).isEqualTo("page 1");
		this.renderer = (request, response) -> response.sendError(500);
		MockHttpServletResponse stale = get();
		assertThat(stale.getStatus()).isEqualTo(200);
		assertThat(stale.getContentAsString()).isEqualTo("page 1");
		assertThat(this.statistics.staleIfErrorServed()).isEqualTo(2);
		// A 4xx is the page's answer, not a failure.
		this.renderer = (request, response) -> response.sendError(404);
		assertThat(get().getStatus()).isEqualTo(404);
	}

	@Test
	void afterTheStaleIfErrorWindowTheErrorPropagates() throws Exception {
		windows(0, 300);
		body();
		this.clock.advance(TIMEOUT.plusSeconds(300));
		this.renderer = (request, response) -> {
			throw new IllegalStateException("database down");
		};
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(this::get);
		assertThat(this.statistics.staleIfErrorServed()).isZero();
	}

	@Test
	void honouredDirectivesSetTheWindowsOfTheirPage() throws Exception {
		site(new PageRefresh(true, Duration.ZERO, Duration.ZERO, true));
		this.renderer = (request, response) -> {
			response.setHeader("Cache-Control", "max-age=60, stale-if-error=300");
			response.getWriter().write("page " + this.renders.get());
		};
		body();
		this.clock.advance(TIMEOUT.plusSeconds(100));
		this.renderer = (request, response) -> {
			throw new IllegalStateException("database down");
		};
		assertThat(body()).isEqualTo("page 1");
	}

	@Test
	void directivesAreIgnoredUnlessHonoured() throws Exception {
		site(PageRefresh.defaults());
		this.renderer = (request, response) -> {
			response.setHeader("Cache-Control", "max-age=60, stale-if-error=300");
			response.getWriter().write("page " + this.renders.get());
		};
		body();
		assertThat(this.cache.get(this.site.getCacheKey(request()), (Object) null)).isInstanceOf(CachedPage.class);
		this.clock.advance(TIMEOUT.plusSeconds(100));
		this.renderer = (request, response) -> {
			throw new IllegalStateException("database down");
		};
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(this::get);
	}

	private static void await(CountDownLatch latch) {
		try {
			if (!latch.await(5, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Timed out");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
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

	@FunctionalInterface
	private interface Renderer {

		void render(HttpServletRequest request, HttpServletResponse response) throws IOException;

	}

}
