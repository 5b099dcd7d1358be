package dev.cachette.web;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.cachette.cache.Caches;
import dev.cachette.cache.backend.locmem.LocMemCache;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link PageResponseWrapper} holds in memory: a page about to be stored is
 * buffered, but never more than the largest page stored; the rest of a larger body goes
 * to the client as it is written, complete and in order.
 */
class PageResponseWrapperTests {

	private static final int LIMIT = 64 * 1024;

	private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/large");

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	PageResponseWrapperTests() throws Exception {
		// A lookup that misses marks the request for the store.
		new PageCaches(new Caches(Map.of("default", new LocMemCache(CacheSettings.builder("default").build()))),
				new PageCachePolicy(Duration.ofMinutes(1), false, PageCachePolicy.SetCookieRule.NEVER_STORE), null,
				new PageCacheStatistics(), Clock.systemUTC(), "default", "", new PageRegistry())
			.site()
			.fetch(this.request, new MockHttpServletResponse());
		assertThat(PageRequest.isStoring(this.request)).isTrue();
	}

	@AfterEach
	void release() {
		PageRequest.release(this.request);
	}

	@Test
	void bodyWithinTheLimitIsBufferedForTheCache() throws Exception {
		PageResponseWrapper wrapper = new PageResponseWrapper(this.request, this.response, LIMIT);
		wrapper.getOutputStream().write(new byte[LIMIT]);
		assertThat(wrapper.isTooLarge()).isFalse();
		assertThat(wrapper.getContentSize()).isEqualTo(LIMIT);
		assertThat(this.response.getContentAsByteArray()).isEmpty();
	}

	@Test
	void largerStreamIsNeverBufferedPastTheLimit() throws Exception {
		PageResponseWrapper wrapper = new PageResponseWrapper(this.request, this.response, LIMIT);
		byte[] chunk = new byte[8 * 1024];
		for (int i = 0; i < 640; i++) {
			Arrays.fill(chunk, (byte) i);
			wrapper.getOutputStream().write(chunk);
			assertThat(wrapper.getContentSize()).isLessThanOrEqualTo(LIMIT);
		}
		wrapper.copyBodyToResponse();
		assertThat(wrapper.isTooLarge()).isTrue();
		byte[] sent = this.response.getContentAsByteArray();
		assertThat(sent).hasSize(640 * chunk.length);
		assertThat(sent[sent.length - 1]).isEqualTo((byte) 639);
		assertThat(sent[LIMIT]).isEqualTo((byte) (LIMIT / chunk.length));
	}

	@Test
	void largerTextIsNeverBufferedPastTheLimit() throws Exception {
		this.response.setCharacterEncoding("UTF-8");
		PageResponseWrapper wrapper = new PageResponseWrapper(this.request, this.response, LIMIT);
		PrintWriter writer = wrapper.getWriter();
		for (int i = 0; i < 1000; i++) {
			writer.print("é".repeat(100));
			assertThat(wrapper.getContentSize()).isLessThanOrEqualTo(LIMIT);
		}
		writer.flush();
		wrapper.copyBodyToResponse();
		assertThat(wrapper.isTooLarge()).isTrue();
		assertThat(this.response.getContentAsString(StandardCharsets.UTF_8)).isEqualTo("é".repeat(100_000));
	}

}
