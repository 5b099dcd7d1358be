package dev.cachette.web;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.servlet.MockMvc;

import dev.cachette.cache.Cache;
import dev.cachette.cache.FailingCache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * A cache that is not a {@code BaseCache} and throws on every call: pages are served
 * uncached, and the page cache's own circuit breaker (the default settings: five failures
 * open it) keeps the other requests away from the cache.
 */
@SpringBootTest(classes = { PageTestApplication.class, PageCacheOwnBreakerTests.DownCache.class },
		properties = "cache-middleware.enabled=true")
@AutoConfigureMockMvc
class PageCacheOwnBreakerTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private FailingCache cache;

	@Autowired
	private PageCaches pageCaches;

	@Test
	void pagesAreServedUncachedAndTheBreakerSkipsTheCache() throws Exception {
		for (int i = 0; i < 20; i++) {
			this.mvc.perform(get("/cache/test/"))
				.andExpect((result) -> assertThat(result.getResponse().getStatus()).isEqualTo(200));
		}
		assertThat(this.pageCaches.statistics().failures()).isPositive();
		// Each page cache (per-site and @CachePage) opens after five failures; at most a
		// probe or two more go through within the 500 ms back-off.
		assertThat(this.cache.attempts()).isBetween(5, 14);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class DownCache {

		@Bean(name = "default")
		Cache failing() {
			return new FailingCache("default");
		}

	}

}
