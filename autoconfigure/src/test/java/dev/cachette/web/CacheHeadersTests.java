package dev.cachette.web;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ports the intent of Django's {@code CacheUtils} tests ({@code test_patch_vary_headers},
 * {@code test_patch_cache_control}, {@code test_get_max_age}) and the 2026 header rules.
 */
class CacheHeadersTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "NULL",
			value = { "NULL|''|NULL", "Accept-Encoding|accept-encoding|Accept-Encoding",
					"Accept-Encoding|ACCEPT-ENCODING|Accept-Encoding", "Accept-Encoding|Cookie|Accept-Encoding, Cookie",
					"Accept-Encoding, Cookie|cookie|Accept-Encoding, Cookie",
					"Accept-Encoding, Cookie|cookie, accept-encoding|Accept-Encoding, Cookie",
					"Cookie,     Accept-Encoding|Accept-Encoding, cookie|Cookie, Accept-Encoding",
					"NULL|Accept-Encoding, COOKIE|Accept-Encoding, COOKIE", "Cookie, Accept-Encoding|*|*",
					"*|Accept-Encoding|*", "Accept-Encoding|' * '|*", "'a,,b'|c|a, b, c" })
	void patchVaryHeadersFollowsDjango(String initial, String newHeaders, String expected) {
		MockHttpServletResponse response = new MockHttpServletResponse();
		if (initial != null) {
			response.setHeader("Vary", initial);
		}
		CacheHeaders.patchVaryHeaders(response, CacheHeaders.split(newHeaders));
		assertThat(response.getHeader("Vary")).isEqualTo((expected != null) ? expected : "");
	}

	@Test
	void hasVaryHeaderIsCaseInsensitiveAndTrims() {
		MockHttpServletResponse response = new MockHttpServletResponse();
		response.setHeader("Vary", " Accept-Encoding ,, cookie ");
		assertThat(CacheHeaders.hasVaryHeader(response, "Cookie")).isTrue();
		assertThat(CacheHeaders.hasVaryHeader(response, "accept-encoding")).isTrue();
		assertThat(CacheHeaders.hasVaryHeader(response, "Accept")).isFalse();
		assertThat(CacheHeaders.varyHeaders(response)).containsExactly("Accept-Encoding", "cookie");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "NULL", value = { "NULL|private|private", "NULL|max_age=3600|max-age=3600",
			"private|public|public", "public|private|private", "max-age=10|max_age=3600|max-age=10",
			"max-age=3600|max_age=10|max-age=10", "'no-cache=\"Set-Cookie\"'|no_cache|no-cache",
			"no-cache|'no_cache=\"Set-Cookie\"'|no-cache",
			"'no-cache=\"Set-Cookie\"'|'no_cache=\"Set-Cookie2\"'|'no-cache=\"Set-Cookie\", no-cache=\"Set-Cookie2\"'",
			"'Private, max-age=5'|must_revalidate|'private, max-age=5, must-revalidate'" })
	void patchCacheControlFollowsDjango(String initial, String change, String expected) {
		MockHttpServletResponse response = new MockHttpServletResponse();
		if (initial != null) {
			response.setHeader("Cache-Control", initial);
		}
		int equals = change.indexOf('=');
		Map<String, Object> changes = new LinkedHashMap<>();
		if (equals < 0) {
			changes.put(change, CacheHeaders.FLAG);
		}
		else {
			changes.put(change.substring(0, equals), change.substring(equals + 1));
		}
		CacheHeaders.patchCacheControl(response, changes);
		assertThat(response.getHeader("Cache-Control")).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "NULL", value = { "max-age=3600|3600", "'private, max-age=10'|10",
			"max-age=nan|NULL", "private|NULL", "NULL|NULL", "'Max-Age=7'|7" })
	void getMaxAgeParsesTheDirective(String header, Integer expected) {
		MockHttpServletResponse response = new MockHttpServletResponse();
		if (header != null) {
			response.setHeader("Cache-Control", header);
		}
		assertThat(CacheHeaders.getMaxAge(response)).isEqualTo(expected);
	}

	@Test
	void cacheControlDirectivesAreExactCaseInsensitiveTokens() {
		MockHttpServletResponse response = new MockHttpServletResponse();
		response.setHeader("Cache-Control", "Private");
		assertThat(CacheHeaders.hasCacheControlDirective(response, "private")).isTrue();
		response.setHeader("Cache-Control", "myprivate, no-cachex");
		assertThat(CacheHeaders.hasCacheControlDirective(response, "private")).isFalse();
		assertThat(CacheHeaders.hasCacheControlDirective(response, "no-cache")).isFalse();
		response.setHeader("Cache-Control", " NO-STORE ");
		assertThat(CacheHeaders.hasCacheControlDirective(response, "no-store")).isTrue();
		response.setHeader("Cache-Control", "no-cache=\"Set-Cookie\"");
		assertThat(CacheHeaders.hasCacheControlDirective(response, "no-cache")).isTrue();
	}

	@Test
	void repeatedHeaderLinesAreReadTogether() {
		MockHttpServletResponse response = new MockHttpServletResponse();
		response.addHeader("Cache-Control", "max-age=60");
		response.addHeader("Cache-Control", "private");
		assertThat(CacheHeaders.hasCacheControlDirective(response, "private")).isTrue();
		assertThat(CacheHeaders.getMaxAge(response)).isEqualTo(60);
	}

	@Test
	void patchResponseHeadersAddsExpiresAndMaxAge() {
		MockHttpServletResponse response = new MockHttpServletResponse();
		CacheHeaders.patchResponseHeaders(response, 600, CLOCK);
		assertThat(response.getHeader("Expires")).isEqualTo("Mon, 23 Nov 2026 10:10:00 GMT");
		assertThat(response.getHeader("Cache-Control")).isEqualTo("max-age=600");
	}

	@Test
	void patchResponseHeadersKeepsExistingExpiresAndSmallerMaxAge() {
		MockHttpServletResponse response = new MockHttpServletResponse();
		response.setHeader("Expires", "Thu, 01 Jan 1970 00:00:00 GMT");
		response.setHeader("Cache-Control", "max-age=30");
		CacheHeaders.patchResponseHeaders(response, 600, CLOCK);
		assertThat(response.getHeader("Expires")).isEqualTo("Thu, 01 Jan 1970 00:00:00 GMT");
		assertThat(response.getHeader("Cache-Control")).isEqualTo("max-age=30");
	}

	@Test
	void addNeverCacheHeadersMatchesDjango() {
		MockHttpServletResponse response = new MockHttpServletResponse();
		CacheHeaders.addNeverCacheHeaders(response, CLOCK);
		assertThat(response.getHeader("Expires")).isEqualTo("Mon, 23 Nov 2026 10:00:00 GMT");
		assertThat(response.getHeader("Cache-Control"))
			.isEqualTo("max-age=0, no-cache, no-store, must-revalidate, private");
	}

	@Test
	void httpDatePadsTheDay() {
		assertThat(CacheHeaders.httpDate(Instant.parse("2026-03-01T08:05:09Z").toEpochMilli()))
			.isEqualTo("Sun, 01 Mar 2026 08:05:09 GMT");
	}

	@Test
	void splitDropsEmptyTokens() {
		assertThat(CacheHeaders.split(" a ,, b , ")).containsExactly("a", "b");
		assertThat(CacheHeaders.split(null)).isEqualTo(List.of());
		assertThat(CacheHeaders.split(" * ")).containsExactly("*");
	}

}
