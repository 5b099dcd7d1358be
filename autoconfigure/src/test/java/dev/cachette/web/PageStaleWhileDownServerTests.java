package dev.cachette.web;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.cachette.cache.settings.CacheSettings;
import dev.cachette.cache.Caches;
import dev.cachette.cache.resilience.CircuitBreaker;
import dev.cachette.cache.ServerProcess;
import dev.cachette.cache.backend.redis.RedisCache;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PageStaleWhileDownTests} against a real {@code redis-server} of the test's own
 * (on a free port), frozen with {@code SIGSTOP}: once the alias's circuit is open, a page
 * stored or served with a stale-if-error window is served stale from this JVM at once,
 * for its own variant only, and another variant is rendered.
 */
class PageStaleWhileDownServerTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	private final AtomicInteger renders = new AtomicInteger();

	private ServerProcess server;

	private RedisCache cache;

	@BeforeEach
	void start() throws Exception {
		int port = ServerProcess.freePort();
		this.server = ServerProcess.start(port, "redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
				"--save", "", "--appendonly", "no");
		this.cache = new RedisCache(CacheSettings.builder("default")
			.backend("redis")
			.location("redis://127.0.0.1:" + port + "/0")
			.option("circuit-breaker", Map.of("backoff-initial", "10m", "backoff-max", "10m"))
			.build());
	}

	@AfterEach
	void stop() throws Exception {
		ServerProcess.closeAll(this.cache, this.server);
	}

	private PageCaches site() {
		PageCachePolicy policy = new PageCachePolicy(TIMEOUT, false, PageCachePolicy.SetCookieRule.NEVER_STORE);
		return new PageCaches(new Caches(Map.of("default", this.cache)), policy, null, new PageCacheStatistics(),
				Clock.systemUTC(), "default", "", new PageRegistry(),
				PageRefresh.defaults().withWindows(Duration.ZERO, Duration.ofSeconds(60)));
	}

	private String get(PageCaches pageCaches, String language) throws IOException, ServletException {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/home");
		request.addHeader("Accept-Language", language);
		MockHttpServletResponse response = new MockHttpServletResponse();
		HttpServlet servlet = new HttpServlet() {

			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
				int render = PageStaleWhileDownServerTests.this.renders.incrementAndGet();
				response.setHeader("Vary", "Accept-Language");
				response.getWriter().write("page " + render + " for " + request.getHeader("Accept-Language"));
			}

		};
		new MockFilterChain(servlet, new UpdateCacheFilter(), new FetchFromCacheFilter(pageCaches)).doFilter(request,
				response);
		assertThat(response.getStatus()).isEqualTo(200);
		return response.getContentAsString();
	}

	@Test
	void frozenServer_aPageServedFromIt_isServedStaleFromThisJvm_forItsOwnVariantOnly() throws Exception {
		assertThat(get(site(), "fr")).isEqualTo("page 1 for fr");
		// Another instance: it has only read the page from the server.
		PageCaches reader = site();
		assertThat(get(reader, "fr")).isEqualTo("page 1 for fr");

		this.server.freeze();
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (this.cache.circuitBreaker().state() == CircuitBreaker.State.CLOSED && System.nanoTime() < deadline) {
			this.cache.get("any");
		}
		assertThat(this.cache.circuitBreaker().state()).isEqualTo(CircuitBreaker.State.OPEN);
		Thread.sleep(TIMEOUT.toMillis() + 100);

		long start = System.nanoTime();
		assertThat(get(reader, "fr")).as("stale, within stale-if-error").isEqualTo("page 1 for fr");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
		assertThat(get(reader, "de")).as("another variant").isEqualTo("page 2 for de");
		assertThat(this.renders).hasValue(2);
	}

}
