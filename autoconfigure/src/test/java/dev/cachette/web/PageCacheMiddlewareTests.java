package dev.cachette.web;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import dev.cachette.cache.Cache;
import dev.cachette.cache.Caches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.head;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The per-site cache in real Spring MVC, porting the intent of Django's
 * {@code CacheMiddlewareTest}, {@code CacheHEADTest}, {@code CacheUtils} and
 * {@code PrefixedCacheUtils}, plus the rules of Django's 2026 security releases and
 * Cachette's stricter cookie rule, each with two users where it matters.
 */
@SpringBootTest(classes = PageTestApplication.class,
		properties = { "caches.default.location=page-cache-middleware-tests", "caches.special.location=special-pages",
				"cache-middleware.enabled=true", "cache-middleware.key-prefix=settingsprefix",
				"cache-middleware.use-i18n=false" })
class PageCacheMiddlewareTests extends MockMvcPageTests {

	private static MockHttpServletRequestBuilder onExampleHost(MockHttpServletRequestBuilder request) {
		return request.with((r) -> {
			r.setServerName("www.example.com");
			return r;
		});
	}

	@Test
	void getIsServedFromTheCacheWithoutRunningTheController() throws Exception {
		String first = body(get("/cache/test/"));
		String second = body(get("/cache/test/"));
		assertThat(second).isEqualTo(first);
		assertThat(this.pageCaches.statistics().hits()).isPositive();
	}

	@Test
	void keysAreDjangos() throws Exception {
		MockHttpServletRequestBuilder builder = onExampleHost(get("/cache/test/"));
		MockHttpServletRequest request = builder.postProcessRequest(builder.buildRequest(null));
		PageCache site = this.pageCaches.site();
		assertThat(site.getCacheKey(request)).isNull();
		this.mvc.perform(onExampleHost(get("/cache/test/")));
		assertThat(site.getCacheKey(request)).isEqualTo("views.decorators.cache.cache_page.settingsprefix.GET."
				+ "18a03f9c9649f7d684af5db3524f5c99.d41d8cd98f00b204e9800998ecf8427e");
		this.mvc.perform(onExampleHost(get("/cache/test/?test=1")));
		MockHttpServletRequestBuilder queryBuilder = onExampleHost(get("/cache/test/?test=1"));
		MockHttpServletRequest withQuery = queryBuilder.postProcessRequest(queryBuilder.buildRequest(null));
		assertThat(site.getCacheKey(withQuery)).isEqualTo("views.decorators.cache.cache_page.settingsprefix.GET."
				+ "beaf87a9a99ee81c673ea2d67ccbec2a.d41d8cd98f00b204e9800998ecf8427e");
		assertThat(this.caches.get("default")
			.<Object>get("views.decorators.cache.cache_header.settingsprefix.18a03f9c9649f7d684af5db3524f5c99"))
			.isEqualTo(java.util.List.of());
	}

	/** Regression: one bad cache_header entry switched the page cache off for 5 s. */
	@Test
	void headerEntryOfAnotherTypeMakesOnlyItsUrlAMiss() throws Exception {
		MockHttpServletRequestBuilder builder = get("/cache/test/?test=bad");
		MockHttpServletRequest request = builder.postProcessRequest(builder.buildRequest(null));
		long failures = this.pageCaches.statistics().failures();
		this.caches.get("default").set(this.pageCaches.site().headerKey(request), "not a header list");
		assertThat(callsDuring(get("/cache/test/?test=bad"))).isEqualTo(1);
		body(get("/cache/test/?test=good"));
		assertThat(callsDuring(get("/cache/test/?test=good"))).isZero();
		assertThat(callsDuring(get("/cache/test/?test=bad"))).isZero();
		assertThat(this.pageCaches.statistics().failures()).isEqualTo(failures);
	}

	@Test
	void hitIsServedBeforeSpringMvcWhenOnlyNonGuardingInterceptorsStandInFront() throws Exception {
		body(get("/cache/test/?test=observed"));
		int observed = PageTestApplication.observed.get();
		assertThat(callsDuring(get("/cache/test/?test=observed"))).isZero();
		assertThat(PageTestApplication.observed.get()).isEqualTo(observed);
	}

	@Test
	void queryStringsAreCachedSeparately() throws Exception {
		String one = body(get("/cache/test/?test=1"));
		String two = body(get("/cache/test/?test=2"));
		assertThat(one).isNotEqualTo(two);
		assertThat(body(get("/cache/test/?test=1"))).isEqualTo(one);
	}

	@Test
	void cachedResponsesGetExpiresAndMaxAge() throws Exception {
		MockHttpServletResponse response = response(get("/cache/test/"));
		assertThat(response.getHeader("Cache-Control")).isEqualTo("max-age=600");
		assertThat(response.getHeader("Expires")).endsWith("GMT");
		assertThat(response.getHeader("ETag")).startsWith("\"");
	}

	@Test
	void hitsCarryDjangosAgeHeader() throws Exception {
		body(get("/cache/test/"));
		// Whole seconds, as Django counts them: 0, or 1 if a second boundary passed.
		assertThat(Integer.parseInt(response(get("/cache/test/")).getHeader("Age"))).isBetween(0, 1);
	}

	@Test
	void postIsNeverCached() throws Exception {
		String first = body(post("/cache/test/"));
		assertThat(body(post("/cache/test/"))).isNotEqualTo(first);
	}

	@Test
	void onlyStatus200IsCached() throws Exception {
		String first = body(get("/status").param("code", "404"));
		assertThat(body(get("/status").param("code", "404"))).isNotEqualTo(first);
		assertThat(this.pageCaches.statistics().notCacheable()).containsKey("status");
	}

	@ParameterizedTest
	@ValueSource(strings = { "private", "Private", "PRIVATE, max-age=60", "no-cache", "no-cache=\"Set-Cookie\"",
			"no-store", "max-age=60, No-Store", "max-age=0" })
	void responsesThatForbidCachingAreNotStored(String cacheControl) throws Exception {
		String first = body(get("/cache-control").param("value", cacheControl));
		assertThat(body(get("/cache-control").param("value", cacheControl))).isNotEqualTo(first);
	}

	@ParameterizedTest
	@ValueSource(strings = { "myprivate", "public, max-age=60", "no-cachex" })
	void directivesAreExactTokens(String cacheControl) throws Exception {
		String first = body(get("/cache-control").param("value", cacheControl));
		assertThat(body(get("/cache-control").param("value", cacheControl))).isEqualTo(first);
	}

	@Test
	void maxAgeBecomesThePageTimeout() throws Exception {
		MockHttpServletResponse response = response(get("/cache-control").param("value", "max-age=5"));
		assertThat(response.getHeader("Cache-Control")).isEqualTo("max-age=5");
	}

	@ParameterizedTest
	@ValueSource(strings = { "*", " * ", "Accept-Encoding, *", "*,Cookie" })
	void varyStarIsNeverStored(String vary) throws Exception {
		String first = body(get("/vary").param("value", vary));
		assertThat(body(get("/vary").param("value", vary))).isNotEqualTo(first);
		assertThat(this.pageCaches.statistics().notCacheable()).containsKey("vary-star");
	}

	@Test
	void varyTokensAreTrimmedAndEmptyOnesDropped() throws Exception {
		String first = body(get("/vary").param("value", " Accept-Encoding ,, "));
		assertThat(body(get("/vary").param("value", " Accept-Encoding ,, "))).isEqualTo(first);
	}

	@Test
	void responseSettingACookieIsNeverStoredByDefault() throws Exception {
		MockHttpServletResponse first = response(get("/set-cookie"));
		MockHttpServletResponse second = response(get("/set-cookie"));
		assertThat(second.getCookie("sessionid").getValue()).isNotEqualTo(first.getCookie("sessionid").getValue());
		assertThat(this.pageCaches.statistics().notCacheable()).containsKey("set-cookie");
	}

	@Test
	void headIsAnsweredFromTheGetEntry() throws Exception {
		String page = body(get("/cache/test/"));
		int calls = PageTestApplication.calls.get();
		MockHttpServletResponse head = response(head("/cache/test/"));
		assertThat(PageTestApplication.calls.get()).isEqualTo(calls);
		assertThat(head.getStatus()).isEqualTo(200);
		assertThat(head.getContentLength()).isEqualTo(page.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
	}

	@Test
	void headIsCachedOnItsOwn() throws Exception {
		this.mvc.perform(head("/cache/test/"));
		int calls = PageTestApplication.calls.get();
		this.mvc.perform(head("/cache/test/"));
		assertThat(PageTestApplication.calls.get()).isEqualTo(calls);
		body(get("/cache/test/"));
		assertThat(PageTestApplication.calls.get()).isEqualTo(calls + 1);
	}

	@Test
	void credentialsMakeTheResponseVaryOnAuthorization() throws Exception {
		MockHttpServletResponse alice = response(get("/whoami").header("Authorization", "Basic YWxpY2U6eA=="));
		assertThat(alice.getHeader("Vary")).isEqualTo("Authorization");
		String bob = body(get("/whoami").header("Authorization", "Basic Ym9iOng="));
		assertThat(bob).contains("Ym9i").doesNotContain("YWxp");
		assertThat(body(get("/whoami").header("Authorization", "Basic YWxpY2U6eA==")))
			.isEqualTo(alice.getContentAsString());
		assertThat(body(get("/whoami"))).contains("hello null");
	}

	@Test
	void publicResponsesAreSharedDespiteCredentials() throws Exception {
		String alice = body(get("/whoami").param("isPublic", "true").header("Authorization", "Basic YWxpY2U6eA=="));
		String bob = body(get("/whoami").param("isPublic", "true").header("Authorization", "Basic Ym9iOng="));
		assertThat(bob).isEqualTo(alice);
	}

	@Test
	void pagesVaryingOnCookieAreKeptPerUser() throws Exception {
		String alice = body(get("/profile").cookie(new Cookie("user", "alice")));
		String bob = body(get("/profile").cookie(new Cookie("user", "bob")));
		assertThat(alice).contains("alice");
		assertThat(bob).contains("bob");
		assertThat(body(get("/profile").cookie(new Cookie("user", "alice")))).isEqualTo(alice);
		assertThat(body(get("/profile"))).contains("anonymous");
	}

	@Test
	void conditionalGetOfACachedPageIsNotModified() throws Exception {
		MockHttpServletResponse first = response(get("/cache/test/"));
		MockHttpServletResponse conditional = response(
				get("/cache/test/").header("If-None-Match", first.getHeader("ETag")));
		assertThat(conditional.getStatus()).isEqualTo(304);
		assertThat(conditional.getContentAsString()).isEmpty();
		assertThat(conditional.getHeader("ETag")).isEqualTo(first.getHeader("ETag"));
		assertThat(response(get("/cache/test/").header("If-None-Match", "\"other\"")).getStatus()).isEqualTo(200);
	}

	@Test
	void invalidatePageRemovesEveryVariantOfAUrl() throws Exception {
		String alice = body(get("/profile").cookie(new Cookie("user", "alice")));
		body(get("/profile").cookie(new Cookie("user", "bob")));
		this.mvc.perform(head("/profile"));
		assertThat(this.pageCaches.invalidatePage("http://localhost/profile")).isGreaterThanOrEqualTo(4);
		assertThat(body(get("/profile").cookie(new Cookie("user", "alice")))).isNotEqualTo(alice);
	}

}
