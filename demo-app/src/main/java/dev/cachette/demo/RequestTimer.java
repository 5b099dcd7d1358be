package dev.cachette.demo;

import java.io.IOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.cachette.web.PageCache;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.util.HtmlUtils;

/**
 * The navbar's "server time" and "cache" badges, like the seed's sample project that
 * shows each request's processing time. This filter sits outside every other one,
 * including the page cache's, and fills two markers in each HTML page on its way out:
 * {@value #TIME_MARKER} with the time the server spent on this request and
 * {@value #STATUS_MARKER} with what the caches did. Because the markers are filled after
 * the page cache stored the page, a page served from the cache still shows this request's
 * (much shorter) time and a HIT, not the numbers frozen in when it was stored.
 *
 * <p>
 * The benchmark pages ({@code /bench/}) are left alone, so their numbers measure the page
 * cache and nothing of this demo.
 *
 * @author Cachette contributors
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestTimer extends OncePerRequestFilter {

	static final String TIME_MARKER = "<!--cachette:server-time-->";

	static final String STATUS_MARKER = "<!--cachette:cache-status-->";

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return request.getRequestURI().startsWith(request.getContextPath() + "/bench/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long start = System.nanoTime();
		ContentCachingResponseWrapper wrapper = new ContentCachingResponseWrapper(response);
		try {
			chain.doFilter(new UnconditionalRequest(request), wrapper);
		}
		finally {
			String contentType = wrapper.getContentType();
			byte[] body = wrapper.getContentAsByteArray();
			if (contentType != null && contentType.startsWith("text/html") && body.length > 0) {
				Charset charset = Charset.forName(wrapper.getCharacterEncoding());
				String html = new String(body, charset)
					.replace(TIME_MARKER, String.format(Locale.ROOT, "%.2f ms", (System.nanoTime() - start) / 1e6))
					.replace(STATUS_MARKER, statusBadge(request));
				byte[] filled = html.getBytes(charset);
				response.setContentLength(filled.length);
				response.getOutputStream().write(filled);
			}
			else {
				wrapper.copyBodyToResponse();
			}
		}
	}

	/**
	 * The request without its conditional headers. Every page this filter fills is new
	 * (its own server time and cache status), so it is never "not modified": a 304 from
	 * the page cache would make the browser show the badges of its old copy.
	 */
	private static final class UnconditionalRequest extends HttpServletRequestWrapper {

		private static final Set<String> HIDDEN = Set.of("if-none-match", "if-modified-since", "if-match",
				"if-unmodified-since");

		UnconditionalRequest(HttpServletRequest request) {
			super(request);
		}

		private static boolean hidden(String name) {
			return HIDDEN.contains(name.toLowerCase(Locale.ROOT));
		}

		@Override
		public @Nullable String getHeader(String name) {
			return hidden(name) ? null : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
		}

		@Override
		public long getDateHeader(String name) {
			return hidden(name) ? -1 : super.getDateHeader(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			return Collections.enumeration(
					Collections.list(super.getHeaderNames()).stream().filter((name) -> !hidden(name)).toList());
		}

	}

	/** The page cache's verdict first, then what the controller noted. */
	static String statusBadge(HttpServletRequest request) {
		Object page = request.getAttribute(PageCache.RESULT_ATTRIBUTE);
		List<String> notes = new ArrayList<>();
		if ("hit".equals(page)) {
			// Nothing below the page cache ran: the page is the stored one.
			notes.add("page cache: HIT");
		}
		else {
			if ("miss".equals(page)) {
				notes.add("page cache: MISS");
			}
			notes.addAll(CacheStatus.notes(request));
		}
		String text = notes.isEmpty() ? "not cached" : String.join(" · ", notes);
		String kind = notes.isEmpty() ? "none" : text.contains("MISS") ? "miss" : "hit";
		return "<span id=\"cache-status\" class=\"badge " + kind + "\">" + HtmlUtils.htmlEscape(text) + "</span>";
	}

}
