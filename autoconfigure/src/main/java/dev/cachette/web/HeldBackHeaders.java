package dev.cachette.web;

import java.util.function.BiConsumer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Spring Security's cache headers, held back while a response may still be stored by the
 * page cache ({@link PageCacheHeaderWriter}), and written if it is not.
 */
final class HeldBackHeaders {

	private HeldBackHeaders() {
	}

	/**
	 * Holds Spring Security's cache headers back while the request's response may still
	 * be stored ({@link PageCacheHeaderWriter}); they are written by {@link #write} if it
	 * is not. A response served from the cache needs none: it has the headers it was
	 * stored with.
	 * @param request the request
	 * @param writer writes Spring Security's headers
	 * @return whether the headers were held back (or are not needed)
	 */
	static boolean holdBack(HttpServletRequest request, BiConsumer<HttpServletRequest, HttpServletResponse> writer) {
		PageRequest page = PageRequest.find(request);
		if (page == null || (!page.hit && page.update == null)) {
			return false;
		}
		if (!page.hit) {
			page.holdBack(writer);
		}
		return true;
	}

	/**
	 * Writes the security headers held back for a response that was not stored after all.
	 * Called by {@link UpdateCacheFilter} once the page cache has decided.
	 * @param request the request
	 * @param response the response
	 */
	static void write(HttpServletRequest request, HttpServletResponse response) {
		PageRequest page = PageRequest.find(request);
		BiConsumer<HttpServletRequest, HttpServletResponse> held = (page != null) ? page.takeHeldHeaders() : null;
		if (held != null) {
			held.accept(request, response);
		}
	}

	/**
	 * Drops the held-back headers of a response the page cache stores: Cachette's
	 * {@code Expires} and {@code max-age} replace them.
	 * @param request the request
	 */
	static void drop(HttpServletRequest request) {
		PageRequest page = PageRequest.find(request);
		if (page != null) {
			page.takeHeldHeaders();
		}
	}

}
