package dev.cachette.web;

import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpServletRequest;

import dev.cachette.cache.revalidation.Envelopes;
import dev.cachette.cache.revalidation.Revalidation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The stampede settings reach each kind of page cache: {@code cache-middleware.*} for the
 * per-site cache and every cache's single-flight and directive handling, the pattern's
 * own windows, and {@code @CachePage}'s attributes.
 */
@SpringBootTest(classes = PageTestApplication.class,
		properties = { "caches.default.location=page-refresh-configuration-tests", "cache-middleware.enabled=true",
				"cache-middleware.single-flight=false", "cache-middleware.stale-while-revalidate=30",
				"cache-middleware.stale-if-error=5m", "cache-middleware.honor-stale-directives=true",
				"cache-middleware.pages[0].pattern=/patterned/**", "cache-middleware.pages[0].stale-if-error=120" })
class PageRefreshConfigurationTests extends MockMvcPageTests {

	@Test
	void theSiteCacheTakesTheMiddlewareSettings() {
		assertThat(this.pageCaches.site().refresh())
			.isEqualTo(new PageRefresh(false, Duration.ofSeconds(30), Duration.ofMinutes(5), true));
	}

	@Test
	void aPatternHasItsOwnWindowsAndTheApplicationsSwitches() {
		PageCache pattern = this.pageCaches.patterns().match(new MockHttpServletRequest("GET", "/patterned/a"));
		assertThat(pattern.refresh()).isEqualTo(new PageRefresh(false, Duration.ZERO, Duration.ofSeconds(120), true));
	}

	@Test
	void cachePageStoresItsPageWithTheAnnotationsWindows() throws Exception {
		assertThat(body(get("/slow/stale"))).startsWith("stale ");
		PageCache view = this.pageCaches.forView("", "", Duration.ofSeconds(60),
				PageRefresh.defaults().withWindows(Duration.ofSeconds(30), Duration.ofSeconds(300)));
		assertThat(view.refresh())
			.isEqualTo(new PageRefresh(false, Duration.ofSeconds(30), Duration.ofSeconds(300), true));
		Object stored = Revalidation.of(view.cache(), Clock.systemUTC())
			.read(view.getCacheKey(new MockHttpServletRequest("GET", "/slow/stale")));
		assertThat(Envelopes.isEnvelope(stored)).isTrue();
		assertThat(Envelopes.times(stored)).endsWith(30_000, 300_000);
	}

}
