package dev.cachette.demo;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

/**
 * What the caches did for one request, for the navbar: controllers note each lookup
 * ("article_x: HIT"), and {@link RequestTimer} adds the page cache's verdict.
 *
 * @author Cachette contributors
 */
final class CacheStatus {

	private static final String ATTRIBUTE = CacheStatus.class.getName();

	private CacheStatus() {
	}

	/**
	 * Note a lookup on the current request.
	 * @param request the request
	 * @param what the cache layer and key, such as {@code low-level article_x}
	 * @param hit whether it was found
	 */
	static void note(HttpServletRequest request, String what, boolean hit) {
		notes(request).add(what + ": " + (hit ? "HIT" : "MISS"));
	}

	@SuppressWarnings("unchecked")
	static List<String> notes(HttpServletRequest request) {
		Object notes = request.getAttribute(ATTRIBUTE);
		if (notes == null) {
			notes = new ArrayList<String>();
			request.setAttribute(ATTRIBUTE, notes);
		}
		return (List<String>) notes;
	}

}
