package dev.cachette.actuate;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.cachette.web.AutoConfigurationWithoutSecurity;
import dev.cachette.cache.Caches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

/**
 * {@code POST /actuator/cachette {"page": url}} removes a page the per-site cache holds,
 * and the endpoint's own answers are never served from the per-site cache.
 */
@SpringBootTest(classes = PageInvalidationEndpointTests.App.class,
		properties = { "caches.default.location=page-invalidation-endpoint-tests", "cache-middleware.enabled=true",
				"management.endpoints.web.exposure.include=cachette,health" })
@AutoConfigureMockMvc
class PageInvalidationEndpointTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private Caches caches;

	@Test
	void postRemovesACachedPage() throws Exception {
		this.caches.get("default").clear();
		App.calls.set(0);
		this.mvc.perform(get("http://localhost/articles/"));
		this.mvc.perform(get("http://localhost/articles/"));
		assertThat(App.calls.get()).isEqualTo(1);
		this.mvc
			.perform(post("/actuator/cachette").contentType(MediaType.APPLICATION_JSON)
				.content("{\"page\": \"http://localhost/articles/\"}"))
			.andExpect(jsonPath("$.removed").value(2));
		this.mvc.perform(get("http://localhost/articles/"));
		assertThat(App.calls.get()).isEqualTo(2);
	}

	@Test
	void endpointAnswersAreNeverCachedPages() throws Exception {
		this.caches.get("default").set("first", 1);
		this.mvc.perform(get("/actuator/cachette/default")).andExpect(jsonPath("$.statistics.puts").exists());
		long puts = this.caches.get("default").statistics().puts();
		this.mvc.perform(get("/actuator/cachette/default")).andExpect(jsonPath("$.statistics.puts").value(puts));
		this.caches.get("default").set("second", 2);
		this.mvc.perform(get("/actuator/cachette/default")).andExpect(jsonPath("$.statistics.puts").value(puts + 1));
	}

	@SpringBootConfiguration
	@AutoConfigurationWithoutSecurity
	@Import(App.Articles.class)
	static class App {

		static final AtomicInteger calls = new AtomicInteger();

		@RestController
		static class Articles {

			@GetMapping("/articles/")
			String articles() {
				calls.incrementAndGet();
				return "articles";
			}

		}

	}

}
