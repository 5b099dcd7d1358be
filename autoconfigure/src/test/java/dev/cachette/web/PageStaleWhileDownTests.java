package dev.cachette.web;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.cachette.cache.settings.CacheSettings;
import dev.cachette.cache.Caches;
import dev.cachette.cache.resilience.CircuitBreaker;
import dev.cachette.cache.FakeClock;
import dev.cachette.cache.TestRemoteCache;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pages served stale while the page cache's alias is down (issue 16 item 7), through the
 * per-site cache's two real filters over a {@link TestRemoteCache} whose "server" the
 * test stops, on a fake clock: with the circuit open, a page this JVM stored or served
 * with a stale-if-error window is served within that window, only for the very variant it
 * was rendered for (language, {@code Cookie}, {@code Authorization}); past the window,
 * without one, or once invalidated here, the page is rendered.
 * {@link PageStaleWhileDownServerTests} does the same against a real Redis server of its
 * own.
 */
class PageStaleWhileDownTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final FakeClock clock = new FakeClock();

	private final TestRemoteCache cache = new TestRemoteCache(
			CacheSettings.builder("default").clock(this.clock).executor((task) -> {
				// Probes never run: the circuit stays open until the test closes it.
			}).option("circuit-breaker", Map.of("backoff-initial", "1h", "backoff-max", "1h")).build());

	private final PageCacheStatistics statistics = new PageCacheStatistics();

	private final AtomicInteger renders = new AtomicInteger();

	private PageCaches pageCaches;

	/** The page: the values of the request headers it varies on, and the rendering. */
	private String vary = "Accept-Language";

	private PageStaleWhileDownTests site(long staleIfError) {
		PageCachePolicy policy = new PageCachePolicy(TIMEOUT, false, PageCachePolicy.SetCookieRule.NEVER_STORE);
		this.pageCaches = new PageCaches(new Caches(Map.of("default", this.cache)), policy, null, this.statistics,
				this.clock, "default", "", new PageRegistry(),
				PageRefresh.defaults().withWindows(Duration.ZERO, Duration.ofSeconds(staleIfError)));
		return this;
	}

	private String get(Consumer<MockHttpServletRequest> headers) throws IOException, ServletException {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/home");
		headers.accept(request);
		MockHttpServletResponse response = new MockHttpServletResponse();
		HttpServlet servlet = new HttpServlet() {

			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
				int render = PageStaleWhileDownTests.this.renders.incrementAndGet();
				response.setHeader("Vary", PageStaleWhileDownTests.this.vary);
				response.getWriter()
					.write("page " + render + " for " + request.getHeader("Accept-Language") + " "
							+ request.getHeader("Cookie") + " " + request.getHeader("Authorization"));
			}

		};
		new MockFilterChain(servlet, new UpdateCacheFilter(), new FetchFromCacheFilter(this.pageCaches))
			.doFilter(request, response);
		assertThat(response.getStatus()).isEqualTo(200);
		return response.getContentAsString();
	}

	private String get() throws IOException, ServletException {
		return get((request) -> request.addHeader("Accept-Language", "fr"));
	}

	private void stopTheServer() {
		this.cache.down = true;
		for (int i = 0; i < 5; i++) {
			this.cache.get("any");
		}
		assertThat(this.cache.circuitBreaker().state()).isEqualTo(CircuitBreaker.State.OPEN);
	}

	@Test
	void aPageStoredWithStaleIfError_isServedStaleWhileTheCircuitIsOpen() throws Exception {
		site(300);
		assertThat(get()).isEqualTo("page 1 for fr null null");
		stopTheServer();
		this.clock.advance(TIMEOUT.plusSeconds(200));
		assertThat(get()).isEqualTo("page 1 for fr null null");
		assertThat(this.renders).hasValue(1);
		assertThat(this.statistics.stampede().staleIfErrorServed()).isOne();
	}

	@Test
	void aPageServedFromTheStore_isKeptToo() throws Exception {
		site(300);
		get();
		// Another instance's page cache over the same store: it has only served the
		// page.
		site(300);
		assertThat(get()).as("a hit").isEqualTo("page 1 for fr null null");
		stopTheServer();
		assertThat(get()).isEqualTo("page 1 for fr null null");
		assertThat(this.renders).hasValue(1);
	}

	@Test
	void pastTheStaleIfErrorWindow_thePageIsRendered() throws Exception {
		site(300);
		get();
		stopTheServer();
		this.clock.advance(TIMEOUT.plusSeconds(301));
		assertThat(get()).isEqualTo("page 2 for fr null null");
	}

	@Test
	void withoutAStaleIfErrorWindow_thePageIsRendered() throws Exception {
		site(0);
		get();
		stopTheServer();
		assertThat(get()).isEqualTo("page 2 for fr null null");
	}

	@Test
	void anotherLanguage_isNeverServedAnotherVariantsPage() throws Exception {
		site(300);
		get();
		// Served from the store once more, as the page the URL's key last found.
		assertThat(get()).isEqualTo("page 1 for fr null null");
		stopTheServer();
		assertThat(get((request) -> request.addHeader("Accept-Language", "de"))).isEqualTo("page 2 for de null null");
		assertThat(get()).isEqualTo("page 1 for fr null null");
		assertThat(get((request) -> request.addHeader("Accept-Language", "de")))
			.as("rendered while down, kept in this JVM for its own variant")
			.isEqualTo("page 2 for de null null");
		assertThat(get((request) -> request.addHeader("Accept-Language", "it"))).isEqualTo("page 3 for it null null");
	}

	@Test
	void anotherUsersCookie_isNeverServedAnotherUsersPage() throws Exception {
		this.vary = "Cookie";
		site(300);
		assertThat(get((request) -> request.addHeader("Cookie", "session=alice")))
			.isEqualTo("page 1 for null session=alice null");
		assertThat(get((request) -> request.addHeader("Cookie", "session=alice")))
			.isEqualTo("page 1 for null session=alice null");
		stopTheServer();
		assertThat(get((request) -> request.addHeader("Cookie", "session=bob")))
			.isEqualTo("page 2 for null session=bob null");
		assertThat(get((request) -> {
		})).as("no cookie at all").isEqualTo("page 3 for null null null");
		assertThat(get((request) -> request.addHeader("Cookie", "session=alice")))
			.isEqualTo("page 1 for null session=alice null");
	}

	@Test
	void anotherUsersAuthorization_isNeverServedAnotherUsersPage() throws Exception {
		// No Vary from the page: the page cache adds Vary: Authorization itself.
		this.vary = "";
		site(300);
		assertThat(get((request) -> request.addHeader("Authorization", "Bearer alice")))
			.isEqualTo("page 1 for null null Bearer alice");
		stopTheServer();
		assertThat(get((request) -> request.addHeader("Authorization", "Bearer bob")))
			.isEqualTo("page 2 for null null Bearer bob");
		assertThat(get((request) -> request.addHeader("Authorization", "Bearer alice")))
			.isEqualTo("page 1 for null null Bearer alice");
	}

	@Test
	void aPageInvalidatedHere_isNotServedWhileDown() throws Exception {
		site(300);
		get();
		stopTheServer();
		assertThat(this.pageCaches.invalidatePage("http://localhost/home")).isZero();
		assertThat(get()).isEqualTo("page 2 for fr null null");
	}

}
