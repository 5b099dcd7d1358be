package dev.cachette.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers requests from the page cache: Django's {@code FetchFromCacheMiddleware}.
 * Registered late, after Spring Security's filters, as Django lists
 * {@code FetchFromCacheMiddleware} last, so a cached page is only served to a request
 * that passed authentication and authorization; the response then travels back out
 * through every filter, and {@link UpdateCacheFilter} does not store it again.
 *
 * <p>
 * A page whose handler is guarded by more than the filter chain (an interceptor, method
 * security) is left to that handler, which serves it once its checks have run. After the
 * chain, for a page about to be stored, it notes whether the request was authenticated
 * ({@link UserAccess}): such a page varies on the user.
 *
 * <p>
 * It serves the per-site cache ({@code cache-middleware.enabled}) and the URL patterns
 * registered in configuration or by a {@link PageCacheConfigurer}.
 */
final class FetchFromCacheFilter extends OncePerRequestFilter {

	private final @Nullable PageCache siteCache;

	private final PagePatterns patterns;

	/**
	 * Creates the filter.
	 * @param pageCaches the per-site page cache and the URL patterns
	 */
	FetchFromCacheFilter(PageCaches pageCaches) {
		this.siteCache = pageCaches.site();
		this.patterns = pageCaches.patterns();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		PageCache pageCache = this.patterns.match(request);
		if (pageCache == null) {
			pageCache = this.siteCache;
		}
		if (pageCache != null && pageCache.fetch(request, response)) {
			return;
		}
		UserAccess access = UserAccess.of(request);
		if (access == null) {
			chain.doFilter(request, response);
			return;
		}
		access.dispatching();
		chain.doFilter(request, response);
		if (PageRequest.isStoring(request) && access.unobserved(request::getUserPrincipal) != null) {
			// Still inside Spring Security's chain, whose wrapper knows the user.
			access.authenticated();
		}
	}

}
