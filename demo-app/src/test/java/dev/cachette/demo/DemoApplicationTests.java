package dev.cachette.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.cachette.cache.Cache;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo over real HTTP: the server on a random port, a JDK client in front of it.
 *
 * @author Cachette contributors
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DemoApplicationTests {

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@Value("${local.server.port}")
	private int port;

	@Autowired
	private ArticleRepository repository;

	@Autowired
	@Qualifier("default")
	private Cache cache;

	@Test
	void homeListsArticlesAndQueriesTheDatabaseOnceForTwoRequests() throws Exception {
		// Local memory is shared by location, as in Django: start from a cold key.
		this.cache.delete(HomeController.ARTICLES_KEY);
		String newest = this.repository.findLatest(1).get(0).title();
		long queriesBefore = this.repository.queryCount();

		HttpResponse<String> first = get("/");
		HttpResponse<String> second = get("/");

		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(second.statusCode()).isEqualTo(200);
		assertThat(first.body()).contains(newest).contains("Server time for this request");
		assertThat(second.body()).contains(newest);
		// The second request is served by cache.getOrSet: the list is read from the
		// database once.
		assertThat(this.repository.queryCount() - queriesBefore).isEqualTo(1);
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.GET()
			.build();
		return this.client.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
