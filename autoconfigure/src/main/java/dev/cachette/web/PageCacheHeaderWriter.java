package dev.cachette.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.CacheControlHeadersWriter;

/**
 * Spring Security's {@code Cache-Control: no-cache, no-store, max-age=0,
 * must-revalidate} / {@code Pragma} / {@code Expires} headers, except on the responses
 * the page cache takes care of. For a page the page cache is about to store, the headers
 * are held back: if the page is stored, Cachette's {@code Expires} and
 * {@code Cache-Control: max-age} go out instead (Django's
 * {@code patch_response_headers}); if it is not (a refusal, an error, a streaming body),
 * Spring Security's headers are written after all. A page served from the cache carries
 * the headers it was stored with. Every other response gets Spring Security's headers,
 * unchanged.
 *
 * <p>
 * The auto-configuration installs it in place of Spring Security's own writer through a
 * {@code Customizer<HttpSecurity>} bean, which Spring Security 7 applies to every
 * {@code HttpSecurity}; no application has to disable a security header.
 */
public final class PageCacheHeaderWriter implements HeaderWriter {

	private final HeaderWriter securityDefaults = new CacheControlHeadersWriter();

	@Override
	public void writeHeaders(HttpServletRequest request, HttpServletResponse response) {
		if (!HeldBackHeaders.holdBack(request, this.securityDefaults::writeHeaders)) {
			this.securityDefaults.writeHeaders(request, response);
		}
	}

}
