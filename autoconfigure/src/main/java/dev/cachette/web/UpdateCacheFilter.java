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
 * Asynchronous and streaming responses pass through unstored. When the lookup found an
 * expired page within its {@code stale-if-error} window, an exception or a 5xx response
 * is replaced by that page. A body larger than the largest page stored
 * ({@code cache-middleware.max-page-size}) is streamed to the client, not stored. The URL
 * keys the lookups' revalidation tickets hold are released once the page is stored, or
 * not, whatever happened.
 */
final class UpdateCacheFilter extends OncePerRequestFilter {

	/** Django has no limit; this is memcached's default largest item. */
	static final long DEFAULT_MAX_PAGE_SIZE = 1024 * 1024;

	private final long maxPageSize;

	/** Creates the filter with the default largest page, 1 MB. */
	UpdateCacheFilter() {
		this(DEFAULT_MAX_PAGE_SIZE);
	}

	/**
	 * Creates the filter.
	 * @param maxPageSize the largest body, in bytes, that is buffered and stored; a
	 * larger one is streamed to the client and not stored
	 */
	UpdateCacheFilter(long maxPageSize) {
		this.maxPageSize = maxPageSize;
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !PageLookup.isCacheableMethod(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		PageResponseWrapper existing = WebUtils.getNativeResponse(response, PageResponseWrapper.class);
		PageResponseWrapper wrapper = (existing != null) ? existing
				: new PageResponseWrapper(request, response, this.maxPageSize);
		boolean completed = false;
		try {
			chain.doFilter(request, wrapper);
			completed = true;
		}
		catch (ServletException | IOException | RuntimeException ex) {
			if (request.isAsyncStarted() || !serveStale(request, wrapper, ex)) {
				throw ex;
			}
		}
		finally {
			try {
				if (!request.isAsyncStarted() && completed) {
					store(request, wrapper, existing != null);
				}
			}
			finally {
				// Stored or not, the waiting requests of this URL may go on; an
				// asynchronous response is never stored, so its lock goes now too.
				PageRequest.release(request);
				HeldBackHeaders.write(request, wrapper);
			}
			if (!request.isAsyncStarted()) {
				wrapper.copyBodyToResponse();
			}
		}
	}

	/**
	 * Serves the stale page in place of an exception; the exception wins if that fails.
	 */
	private static boolean serveStale(HttpServletRequest request, PageResponseWrapper wrapper, Exception failure) {
		try {
			return PageLookup.serveStaleOnError(request, wrapper, failure);
		}
		catch (IOException | RuntimeException ex) {
			failure.addSuppressed(ex);
			return false;
		}
	}

	private void store(HttpServletRequest request, PageResponseWrapper wrapper, boolean asyncDispatch)
			throws IOException {
		if (wrapper.getStatus() >= 500
				&& PageLookup.serveStaleOnError(request, wrapper, "status " + wrapper.getStatus())) {
			return;
		}
		PageRequest page = PageRequest.find(request);
		PageStore store = (page != null) ? page.update : null;
		if (store == null) {
			return;
		}
		page.update = null;
		if (asyncDispatch || wrapper.isStreaming()) {
			store.notCacheable("streaming");
			return;
		}
		if (wrapper.isTooLarge()) {
			store.notCacheable("too-large");
			return;
		}
		store.update(request, wrapper, wrapper.getContentAsByteArray());
	}

}
