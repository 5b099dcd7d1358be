package dev.cachette.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A page-cache filter, which has nothing to do for a request whose method's responses are
 * never cached (anything but {@code GET} and {@code HEAD}).
 */
abstract class CacheableMethodFilter extends OncePerRequestFilter {

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !PageCache.isCacheableMethod(request);
	}

}
