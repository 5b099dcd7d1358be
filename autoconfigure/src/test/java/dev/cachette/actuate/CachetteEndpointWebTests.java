package dev.cachette.actuate;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import dev.cachette.web.AutoConfigurationWithoutSecurity;
import dev.cachette.cache.Cache;
import dev.cachette.cache.Caches;
import dev.cachette.metrics.FragmentCacheStatistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The {@code cachette} endpoint and health contributor in a real Spring MVC application
 * with the actuator: the JSON each operation answers, and the health of a reachable and
 * an unreachable server. The unreachable server is
 * {@link dev.cachette.cache.TestRemoteCache} with {@code down: true}, a backend whose
 * every call fails as a stopped server's does.
 */
@SpringBootTest(classes = CachetteEndpointWebTests.App.class, properties = {
		"caches.default.location=endpoint-web-tests", "caches.default.timeout=60", "caches.default.key-prefix=site",
		"caches.default.version=2", "caches.remote.backend=dev.cachette.cache.TestRemoteCache",
		"caches.remote.location=redis://cachette:s3cret@127.0.0.1:6390/0", "caches.remote.timeout=none",
		"caches.stopped.backend=dev.cachette.cache.TestRemoteCache", "caches.stopped.location=redis://127.0.0.1:1/0",
		"caches.stopped.options.down=true", "management.endpoints.web.exposure.include=cachette,health",
		"management.endpoint.health.show-details=always" })
@AutoConfigureMockMvc
class CachetteEndpointWebTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private Caches caches;

	@Autowired
	private FragmentCacheStatistics fragments;

	@BeforeEach
	void clear() {
		this.caches.get("default").clear();
	}

	@Test
	void readListsEveryAliasWithSettingsAndLiveStatistics() throws Exception {
		Cache cache = this.caches.get("default");
		long hits = cache.statistics().hits();
		long misses = cache.statistics().misses();
		cache.set("k", "v");
		cache.get("k");
		cache.get("k");
		cache.get("k");
		cache.get("nope");
		double ratio = (double) (hits + 3) / (hits + 3 + misses + 1);
		this.fragments.hit("sidebar");
		this.mvc.perform(get("/actuator/cachette"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.aliases.default.backend").value("locmem"))
			.andExpect(jsonPath("$.aliases.default.type").value("dev.cachette.cache.backend.locmem.LocMemCache"))
			.andExpect(jsonPath("$.aliases.default.location[0]").value("endpoint-web-tests"))
			.andExpect(jsonPath("$.aliases.default.timeout").value(60))
			.andExpect(jsonPath("$.aliases.default.keyPrefix").value("site"))
			.andExpect(jsonPath("$.aliases.default.version").value(2))
			.andExpect(jsonPath("$.aliases.default.statistics.hits").value(hits + 3))
			.andExpect(jsonPath("$.aliases.default.statistics.misses").value(misses + 1))
			.andExpect(jsonPath("$.aliases.default.statistics.hitRatio").value(closeTo(ratio, 1e-9)))
			.andExpect(jsonPath("$.aliases.default.statistics.size").value(1))
			.andExpect(jsonPath("$.aliases.default.statistics.evictions").value(0))
			.andExpect(jsonPath("$.aliases.remote.location[0]").value("redis://cachette:******@127.0.0.1:6390/0"))
			.andExpect(jsonPath("$.aliases.remote.timeout").value("none"))
			.andExpect(jsonPath("$.aliases.remote.statistics.evictions").doesNotExist())
			.andExpect(jsonPath("$.pages.hits").isNumber())
			.andExpect(jsonPath("$.pages.notCacheable").isMap())
			.andExpect(jsonPath("$.fragments.fragments.sidebar.hits").value(1))
			.andExpect(jsonPath("$.pages.stampede.coalescedWaits").value(0))
			.andExpect(jsonPath("$.pages.stampede.staleServed").value(0))
			.andExpect(jsonPath("$.fragments.stampede.staleServed").value(0));
	}

	@Test
	void readOneAlias() throws Exception {
		this.mvc.perform(get("/actuator/cachette/default"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.backend").value("locmem"));
		this.mvc.perform(get("/actuator/cachette/nosuch")).andExpect(status().isNotFound());
	}

	@Test
	void deleteAliasClearsIt() throws Exception {
		Cache cache = this.caches.get("default");
		cache.set("a", 1);
		this.mvc.perform(delete("/actuator/cachette/default"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.cleared").value(true));
		assertThat(cache.hasKey("a")).isFalse();
		this.mvc.perform(delete("/actuator/cachette/nosuch")).andExpect(status().isBadRequest());
	}

	@Test
	void deleteKeyRemovesOneKey() throws Exception {
		Cache cache = this.caches.get("default");
		cache.set("user/42", 1);
		cache.set("other", 2);
		this.mvc.perform(delete("/actuator/cachette/default/user/42"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.key").value("user/42"))
			.andExpect(jsonPath("$.deleted").value(true));
		assertThat(cache.hasKey("user/42")).isFalse();
		assertThat(cache.hasKey("other")).isTrue();
		this.mvc.perform(delete("/actuator/cachette/default/user/42")).andExpect(jsonPath("$.deleted").value(false));
	}

	@Test
	void postInvalidatesAPage() throws Exception {
		this.mvc
			.perform(post("/actuator/cachette").contentType(MediaType.APPLICATION_JSON)
				.content("{\"page\": \"http://localhost/articles/?page=2\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.page").value("http://localhost/articles/?page=2"))
			.andExpect(jsonPath("$.removed").value(0));
	}

	/**
	 * A fail-open alias whose server is unreachable is DEGRADED, which Boot's default
	 * aggregation leaves out: the application stays UP and answers 200.
	 */
	@Test
	void healthIsDegradedNotDownWhenOneServerIsUnreachable() throws Exception {
		this.mvc.perform(get("/actuator/health/cachette"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("UP"))
			.andExpect(jsonPath("$.components.default.status").value("UP"))
			.andExpect(jsonPath("$.components.default.details.backend").value("locmem"))
			.andExpect(jsonPath("$.components.remote.status").value("UP"))
			.andExpect(jsonPath("$.components.stopped.status").value("DEGRADED"))
			.andExpect(jsonPath("$.components.stopped.details.error").value(startsWith(
					"dev.cachette.cache.CacheUnavailableException: Cache 'stopped' could not get on test-server:1")));
		this.mvc.perform(get("/actuator/health/cachette/default"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("UP"));
	}

	@SpringBootConfiguration
	@AutoConfigurationWithoutSecurity
	static class App {

	}

}
