package dev.cachette.web;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.cachette.cache.Caches;
import dev.cachette.cache.KeyFormat;
import dev.cachette.cache.backend.locmem.LocMemCache;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Page keys in each {@link KeyFormat}: Django's run the vary values together, so two
 * requests whose header values concatenate alike share a page, and a missing header
 * shares the key of an empty one; the strict format keeps them apart.
 */
class PageKeyFormatTests {

	private static String key(KeyFormat format, String language, String cookie) {
		PageCachePolicy policy = new PageCachePolicy(Duration.ofMinutes(1), false,
				PageCachePolicy.SetCookieRule.NEVER_STORE, format);
		PageCaches pageCaches = new PageCaches(
				new Caches(Map.of("default", new LocMemCache(CacheSettings.builder("default").build()))), policy, null,
				new PageCacheStatistics(), Clock.systemUTC(), "default", "", new PageRegistry());
		MockHttpServletResponse varying = new MockHttpServletResponse();
		varying.setHeader("Vary", "Accept-Language, Cookie");
		pageCaches.site().learnCacheKey(new MockHttpServletRequest("GET", "/page"), varying, Duration.ofMinutes(1));
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/page");
		if (language != null) {
			request.addHeader("Accept-Language", language);
		}
		if (cookie != null) {
			request.addHeader("Cookie", cookie);
		}
		return pageCaches.site().getCacheKey(request);
	}

	@Test
	void djangoKeysRunVaryValuesTogether() {
		assertThat(key(KeyFormat.DJANGO, "ab", "c")).isEqualTo(key(KeyFormat.DJANGO, "a", "bc"));
		assertThat(key(KeyFormat.DJANGO, null, "c")).isEqualTo(key(KeyFormat.DJANGO, "", "c"));
	}

	@Test
	void strictKeysKeepVaryValuesApart() {
		assertThat(key(KeyFormat.STRICT, "ab", "c")).isNotEqualTo(key(KeyFormat.STRICT, "a", "bc"));
		assertThat(key(KeyFormat.STRICT, null, "c")).isNotEqualTo(key(KeyFormat.STRICT, "", "c"));
	}

}
