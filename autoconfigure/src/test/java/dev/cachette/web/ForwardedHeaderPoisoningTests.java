package dev.cachette.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.cachette.cache.Cache;
import dev.cachette.cache.Caches;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forwarded-header poisoning, over a real Tomcat under each of Spring Boot's
 * {@code server.forward-headers-strategy} values: one request carrying a proxy header the
 * application honours ({@code X-Forwarded-Host}, {@code -Port}, {@code -Proto},
 * {@code -Prefix}, RFC 7239 {@code Forwarded}) renders a page whose links follow it; a
 * clean request of the same URL afterwards must never receive that page. Either the
 * header changes the key (the application saw it), or neither the key nor the page saw
 * it. Pages are cached by {@code @CachePage} and by a URL pattern.
 */
class ForwardedHeaderPoisoningTests {

	static final String EVIL = "evil.example";

	static Iterable<Map.Entry<String, String>> poisons() {
		return Map
			.of("X-Forwarded-Host", EVIL, "X-Forwarded-Port", "6666", "X-Forwarded-Proto", "https",
					"X-Forwarded-Prefix", "/evil-prefix", "Forwarded", "host=" + EVIL + ";proto=https")
			.entrySet();
	}

	/** What each strategy shares: a client, and the check of one poisoning header. */
	abstract static class Strategy {

		@LocalServerPort
		int port;

		@Autowired
		Caches caches;

		private final HttpClient client = HttpClient.newHttpClient();

		@ParameterizedTest
		@MethodSource("dev.cachette.web.ForwardedHeaderPoisoningTests#poisons")
		void cleanClientNeverGetsAPoisonedViewPage(Map.Entry<String, String> poison) throws Exception {
			assertNotPoisoned("/links/view", poison);
		}

		@ParameterizedTest
		@MethodSource("dev.cachette.web.ForwardedHeaderPoisoningTests#poisons")
		void cleanClientNeverGetsAPoisonedPatternPage(Map.Entry<String, String> poison) throws Exception {
			assertNotPoisoned("/links/pattern", poison);
		}

		private void assertNotPoisoned(String path, Map.Entry<String, String> poison) throws Exception {
			this.caches.all().forEach(Cache::clear);
			String poisoned = get(path, poison);
			String clean = get(path, null);
			assertThat(clean).contains("href=\"http://localhost:" + this.port + "/next\"");
			assertThat(clean).doesNotContain(EVIL, "6666", "https:", "evil-prefix");
			assertThat(get(path, null)).isEqualTo(clean);
			if (honours(poison.getKey())) {
				// The application saw the header: the test would catch a poisoned key.
				assertThat(poisoned).isNotEqualTo(clean);
			}
			else {
				assertThat(poisoned).isEqualTo(clean);
			}
		}

		/**
		 * Whether this strategy applies a forwarded header to what the application sees.
		 */
		abstract boolean honours(String header);

		private String get(String path, Map.Entry<String, String> header) throws Exception {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
			if (header != null) {
				request.header(header.getKey(), header.getValue());
			}
			HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			return response.body();
		}

	}

	@Nested
	@SpringBootTest(classes = LinksApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "server.forward-headers-strategy=none", "caches.default.location=forwarded-none" })
	class WithoutForwarding extends Strategy {

		@Override
		boolean honours(String header) {
			return false;
		}

	}

	@Nested
	@SpringBootTest(classes = LinksApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "server.forward-headers-strategy=framework", "caches.default.location=forwarded-framework" })
	class WithForwardedHeaderFilter extends Strategy {

		@Override
		boolean honours(String header) {
			return true;
		}

	}

	@Nested
	@SpringBootTest(classes = LinksApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "server.forward-headers-strategy=native", "caches.default.location=forwarded-native" })
	class WithTomcatRemoteIpValve extends Strategy {

		@Override
		boolean honours(String header) {
			// RemoteIpValve knows neither X-Forwarded-Prefix nor RFC 7239, and reads
			// X-Forwarded-Port only with X-Forwarded-Proto.
			return header.equals("X-Forwarded-Host") || header.equals("X-Forwarded-Proto");
		}

	}

	/** A page that links to itself the way applications build absolute links. */
	@SpringBootConfiguration
	@AutoConfigurationWithoutSecurity
	@Import(LinksApplication.Links.class)
	static class LinksApplication {

		@org.springframework.context.annotation.Bean
		PageCacheConfigurer linkPattern() {
			return (registry) -> registry.add("/links/pattern", java.time.Duration.ofMinutes(1));
		}

		@RestController
		static class Links {

			@CachePage(timeout = 60)
			@GetMapping("/links/view")
			String view() {
				return link();
			}

			@GetMapping("/links/pattern")
			String pattern() {
				return link();
			}

			private static String link() {
				return "<a href=\"" + ServletUriComponentsBuilder.fromCurrentContextPath().path("/next").toUriString()
						+ "\">next</a>";
			}

		}

	}

}
