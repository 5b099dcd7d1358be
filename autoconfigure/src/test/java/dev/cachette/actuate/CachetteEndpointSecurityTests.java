package dev.cachette.actuate;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import dev.cachette.cache.Caches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The {@code cachette} endpoint is an ordinary actuator endpoint: with Spring Security's
 * defaults, an anonymous caller can neither read it nor clear an alias.
 */
@SpringBootTest(classes = CachetteEndpointSecurityTests.App.class,
		properties = { "caches.default.location=endpoint-security-tests",
				"management.endpoints.web.exposure.include=cachette" })
@AutoConfigureMockMvc
class CachetteEndpointSecurityTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private Caches caches;

	@Test
	void anonymousCallersAreRefused() throws Exception {
		this.caches.get("default").set("k", "v");
		this.mvc.perform(get("/actuator/cachette")).andExpect(status().isUnauthorized());
		this.mvc.perform(delete("/actuator/cachette/default")).andExpect(status().is4xxClientError());
		assertThat(this.caches.get("default").hasKey("k")).isTrue();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
