package dev.cachette.demo;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo on its {@code redis} profile with no Redis at all (a closed port): every page,
 * its fragments and the application's own low-level calls ({@code getOrSet}, the category
 * namespace) are served uncached, never a 500.
 *
 * @author Cachette contributors
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("redis")
class DeadCacheDemoSiteTests {

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@Value("${local.server.port}")
	private int port;

	@Autowired
	private ArticleRepository repository;

	@DynamicPropertySource
	static void deadRedis(DynamicPropertyRegistry registry) throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		String url = "redis://127.0.0.1:" + port + "/0";
		registry.add("CACHETTE_DEMO_REDIS_URL", () -> url);
		registry.add("caches.default.options.connect-timeout", () -> "200ms");
		registry.add("caches.template-fragments.options.connect-timeout", () -> "200ms");
	}

	@Test
	void everyPageIsServedUncached() throws Exception {
		Article article = this.repository.findLatest(1).get(0);
		List<String> paths = List.of("/", "/articles", "/articles/" + article.slug(), "/api/articles",
				"/api/articles/" + article.slug(), "/categories/" + article.category(), "/stats");
		for (int round = 0; round < 3; round++) {
			for (String path : paths) {
				HttpResponse<String> response = this.client.send(
						HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
						HttpResponse.BodyHandlers.ofString());
				assertThat(response.statusCode()).as(path).isEqualTo(200);
			}
		}
		HttpResponse<String> detail = this.client
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/articles/" + article.slug()))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(detail.body()).contains(article.title()).contains("low-level article_" + article.slug() + ": MISS");
	}

}
