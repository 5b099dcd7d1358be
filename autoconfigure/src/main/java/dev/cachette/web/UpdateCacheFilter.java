package dev.cachette.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.WebUtils;

/**
 * Stores responses in the page cache: Django's {@code UpdateCacheMiddleware}. Registered
 * first of all filters, as Django lists {@code UpdateCacheMiddleware} first, so that it
 * sees the final headers every inner filter (session, security, compression, locale)
 * adds, {@code Vary} above all.
 *
 * <p>
 * Only a request that {@link FetchFromCacheFilter}, {@code @CachePage} or a URL pattern
 * looked up and missed is stored, with the {@link PageCache} that looked it up.
 * Asynchronous and streaming responses pass through unstored.
 */
public final class UpdateCacheFilter extends OncePerRequestFilter {

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String method = request.getMethod();
		if (!"GET".equals(method) && !"HEAD".equals(method)) {
			chain.doFilter(request, response);
			return;
		}
		PageResponseWrapper existing = WebUtils.getNativeResponse(response, PageResponseWrapper.class);
		PageResponseWrapper wrapper = (existing != null) ? existing : new PageResponseWrapper(request, response);
		boolean completed = false;
		try {
			chain.doFilter(request, wrapper);
			completed = true;
		}
		finally {
			if (!request.isAsyncStarted()) {
				if (completed) {
					store(request, wrapper, existing != null);
				}
				wrapper.copyBodyToResponse();
			}
		}
	}

	private void store(HttpServletRequest request, PageResponseWrapper wrapper, boolean asyncDispatch) {
		Object marked = request.getAttribute(PageCache.UPDATE_ATTRIBUTE);
		if (!(marked instanceof PageCache pageCache)) {
			return;
		}
		request.removeAttribute(PageCache.UPDATE_ATTRIBUTE);
		if (asyncDispatch || wrapper.isStreaming()) {
			pageCache.notCacheable("streaming");
			return;
		}
		pageCache.update(request, wrapper, wrapper.getContentAsByteArray());
	}

}
