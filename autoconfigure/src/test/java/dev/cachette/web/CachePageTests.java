package dev.cachette.web;

import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.cachette.cache.Cache;
import dev.cachette.cache.Caches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * {@code @CachePage} and the header annotations in real Spring MVC, for a Thymeleaf view,
 * a {@code @ResponseBody} object and a {@code ResponseEntity}; and URL patterns
 * registered in configuration and by a configurer. Ports the intent of Django's decorator
 * tests.
 */
@SpringBootTest(classes = { PageTestApplication.class, CachePageTests.Patterns.class },
		properties = { "caches.default.location=cache-page-tests", "caches.special.location=cache-page-special",
				"cache-middleware.pages[0].pattern=/patterned/configured", "cache-middleware.pages[0].timeout=60" })
class CachePageTests extends MockMvcPageTests {

	@Test
	void renderedViewIsCachedAndTheMethodDoesNotRunOnAHit() throws Exception {
		MockHttpServletResponse first = response(get("/view"));
		assertThat(first.getContentAsString()).contains("rendered").contains("&lt;a&gt;");
		assertThat(callsDuring(get("/view"))).isZero();
		MockHttpServletResponse second = response(get("/view"));
		assertThat(second.getContentAsString()).isEqualTo(first.getContentAsString());
		assertThat(second.getContentType()).isEqualTo(first.getContentType());
	}

	@Test
	void theRequestSaysWhetherThePageCameFromTheCache() throws Exception {
		MvcResult miss = this.mvc.perform(get("/view")).andReturn();
		MvcResult hit = this.mvc.perform(get("/view")).andReturn();
		MvcResult uncached = this.mvc.perform(get("/controlled")).andReturn();
		assertThat(miss.getRequest().getAttribute(PageCache.RESULT_ATTRIBUTE)).isEqualTo("miss");
		assertThat(hit.getRequest().getAttribute(PageCache.RESULT_ATTRIBUTE)).isEqualTo("hit");
		assertThat(uncached.getRequest().getAttribute(PageCache.RESULT_ATTRIBUTE)).isNull();
	}

	@Test
	void responseBodyIsCachedInTheNamedAliasWithTheKeyPrefix() throws Exception {
		MockHttpServletResponse first = response(get("/api/articles").header("User-Agent", "alpha"));
		assertThat(first.getHeader("Vary")).isEqualTo("User-Agent");
		assertThat(callsDuring(get("/api/articles").header("User-Agent", "alpha"))).isZero();
		assertThat(callsDuring(get("/api/articles").header("User-Agent", "beta"))).isOne();
		MockHttpServletRequestBuilder builder = get("/api/articles").header("User-Agent", "alpha");
		MockHttpServletRequest request = builder.buildRequest(null);
		PageCache view = this.pageCaches.forView("special", "site1", Duration.ofSeconds(900));
		String key = view.getCacheKey(request);
		assertThat(key).startsWith("views.decorators.cache.cache_page.site1.GET.");
		assertThat(this.caches.get("special").hasKey(key)).isTrue();
		assertThat(this.caches.get("default").hasKey(key)).isFalse();
	}

	@Test
	void responseEntityIsCachedWithItsHeaders() throws Exception {
		MockHttpServletResponse first = response(get("/entity"));
		assertThat(callsDuring(get("/entity"))).isZero();
		MockHttpServletResponse second = response(get("/entity"));
		assertThat(second.getContentAsString()).isEqualTo(first.getContentAsString());
		assertThat(second.getHeader("X-Custom")).isEqualTo("yes");
		assertThat(second.getHeader("Cache-Control")).isEqualTo("max-age=60");
	}

	@Test
	void aFreshPageIsServedBeforeTheMethodsArgumentsAreResolved() throws Exception {
		MockHttpServletResponse first = response(get("/needs-header").header("X-Token", "t"));
		assertThat(first.getStatus()).isEqualTo(200);
		// Without the header Spring MVC could not call the method (400): the interceptor
		// answers a hit before the arguments are resolved, as Django's decorator answers
		// before the view runs.
		MockHttpServletResponse hit = response(get("/needs-header"));
		assertThat(hit.getStatus()).isEqualTo(200);
		assertThat(hit.getContentAsString()).isEqualTo(first.getContentAsString());
		assertThat(callsDuring(get("/needs-header"))).isZero();
	}

	@Test
	void theApplicationsInterceptorsRunBeforeAHitIsServed() throws Exception {
		response(get("/view"));
		MockHttpServletResponse refused = response(get("/view").header("X-Refuse", "yes"));
		assertThat(refused.getStatus()).isEqualTo(403);
		assertThat(refused.getContentAsString()).isEmpty();
	}

	@Test
	void neverCacheWinsOverCachePage() throws Exception {
		MockHttpServletResponse response = response(get("/never"));
		assertThat(response.getHeader("Cache-Control"))
			.isEqualTo("max-age=0, no-cache, no-store, must-revalidate, private");
		assertThat(callsDuring(get("/never"))).isOne();
	}

	@Test
	void cacheControlHeaderPatchesTheResponse() throws Exception {
		assertThat(response(get("/controlled")).getHeader("Cache-Control"))
			.isEqualTo("private, must-revalidate, max-age=3600");
	}

	@Test
	void patternsFromConfigurationAreCached() throws Exception {
		response(get("/patterned/configured"));
		assertThat(callsDuring(get("/patterned/configured"))).isZero();
		assertThat(callsDuring(get("/patterned/other"))).isOne();
		assertThat(callsDuring(get("/patterned/other"))).isOne();
	}

	@Test
	void patternsFromAConfigurerAreCached() throws Exception {
		response(get("/patterned/by-configurer"));
		assertThat(callsDuring(get("/patterned/by-configurer"))).isZero();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Patterns {

		@Bean
		PageCacheConfigurer patternsConfigurer() {
			return (registry) -> registry.add("/patterned/by-configurer", Duration.ofMinutes(1));
		}

		/**
		 * An access check of the application's own, registered with the default order.
		 */
		@Bean
		WebMvcConfigurer refusingInterceptor() {
			return new WebMvcConfigurer() {

				@Override
				public void addInterceptors(InterceptorRegistry registry) {
					registry.addInterceptor(new HandlerInterceptor() {

						@Override
						public boolean preHandle(HttpServletRequest request, HttpServletResponse response,
								Object handler) {
							if (request.getHeader("X-Refuse") != null) {
								response.setStatus(403);
								return false;
							}
							return true;
						}

					}).order(100);
				}

			};
		}

	}

}
