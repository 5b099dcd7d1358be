package dev.cachette.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page cache over a real embedded Tomcat and a real HTTP client: what a browser gets
 * from a cache hit is byte for byte what it got from the rendered page.
 */
@SpringBootTest(classes = PageTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "caches.default.location=page-cache-server-tests", "cache-middleware.enabled=true" })
class PageCacheServerTests {

	@LocalServerPort
	private int port;

	private final HttpClient client = HttpClient.newHttpClient();

	@Autowired
	private PageCacheStatistics statistics;

	private HttpResponse<String> send(String method, String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build();
		return this.client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void renderedViewIsServedFromTheCacheOverHttp() throws Exception {
		HttpResponse<String> first = send("GET", "/view?server=1");
		int calls = PageTestApplication.calls.get();
		HttpResponse<String> second = send("GET", "/view?server=1");
		assertThat(PageTestApplication.calls.get()).isEqualTo(calls);
		assertThat(second.statusCode()).isEqualTo(200);
		assertThat(second.body()).isEqualTo(first.body()).contains("rendered");
		assertThat(second.headers().firstValue("Content-Type")).isEqualTo(first.headers().firstValue("Content-Type"));
		assertThat(second.headers().firstValue("Content-Length"))
			.isEqualTo(first.headers().firstValue("Content-Length"));
		assertThat(second.headers().firstValue("Age")).isPresent();
	}

	@Test
	void headOfACachedPageHasNoBodyAndTheLength() throws Exception {
		HttpResponse<String> get = send("GET", "/cache/test/?server=head");
		int calls = PageTestApplication.calls.get();
		HttpResponse<String> head = send("HEAD", "/cache/test/?server=head");
		assertThat(PageTestApplication.calls.get()).isEqualTo(calls);
		assertThat(head.body()).isEmpty();
		assertThat(head.headers().firstValue("Content-Length")).contains(Integer.toString(get.body().length()));
	}

	@Test
	void pageLargerThanTheLimitIsSentWholeAndNotStored() throws Exception {
		HttpResponse<String> first = send("GET", "/large");
		int calls = PageTestApplication.calls.get();
		HttpResponse<String> second = send("GET", "/large");
		assertThat(PageTestApplication.calls.get()).isEqualTo(calls + 1);
		assertThat(first.body()).endsWith("x".repeat(1000)).hasSizeGreaterThan(3 * 1024 * 1024);
		assertThat(second.body()).hasSize(first.body().length());
		assertThat(this.statistics.notCacheable()).containsKey("too-large");
	}

	@Test
	void streamingResponsesPassThroughUncached() throws Exception {
		assertThat(send("GET", "/stream").body()).isEqualTo("chunk-1 chunk-2");
		int calls = PageTestApplication.calls.get();
		assertThat(send("GET", "/stream").body()).isEqualTo("chunk-1 chunk-2");
		assertThat(PageTestApplication.calls.get()).isEqualTo(calls + 1);
	}

}
