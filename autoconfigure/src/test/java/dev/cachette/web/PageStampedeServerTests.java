package dev.cachette.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single-flight over a real embedded Tomcat: concurrent clients of one cold page, through
 * the per-site cache, a URL pattern and {@code @CachePage}, make the controller run once;
 * the others wait for it and get the page it stored.
 */
@SpringBootTest(classes = PageTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "caches.default.location=page-stampede-server-tests", "cache-middleware.enabled=true",
				"cache-middleware.key-prefix=site", "cache-middleware.pages[0].pattern=/slow/pattern",
				"cache-middleware.pages[0].timeout=60" })
class PageStampedeServerTests {

	private static final int CLIENTS = 8;

	@LocalServerPort
	private int port;

	@Autowired
	private PageCacheStatistics statistics;

	private final HttpClient client = HttpClient.newHttpClient();

	@Test
	void concurrentMissesOfTheSiteCacheRenderOnce() throws Exception {
		assertRenderedOnce("/slow/site");
	}

	@Test
	void concurrentMissesOfAUrlPatternRenderOnce() throws Exception {
		assertRenderedOnce("/slow/pattern");
	}

	@Test
	void concurrentMissesOfACachePageViewRenderOnce() throws Exception {
		assertRenderedOnce("/slow/view");
	}

	private void assertRenderedOnce(String path) throws Exception {
		long since = this.statistics.coalescedWaits();
		int before = PageTestApplication.SlowController.slowCalls.get();
		URI uri = URI.create("http://localhost:" + this.port + path + "?since=" + since + "&waiters=" + (CLIENTS - 1));
		List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
		for (int i = 0; i < CLIENTS; i++) {
			responses
				.add(this.client.sendAsync(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()));
		}
		List<String> bodies = new ArrayList<>();
		for (CompletableFuture<HttpResponse<String>> response : responses) {
			HttpResponse<String> received = response.get(20, TimeUnit.SECONDS);
			assertThat(received.statusCode()).isEqualTo(200);
			bodies.add(received.body());
		}
		assertThat(PageTestApplication.SlowController.slowCalls.get() - before).isEqualTo(1);
		assertThat(bodies).containsOnly("slow " + (before + 1));
		assertThat(this.statistics.coalescedWaits() - since).isGreaterThanOrEqualTo(CLIENTS - 1);
	}

}
