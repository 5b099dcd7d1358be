package dev.cachette.web;

import java.io.IOException;
import java.time.Clock;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import dev.cachette.cache.revalidation.Revalidation;

/**
 * The lookup side of a {@link PageCache}: Django's
 * {@code FetchFromCacheMiddleware.process_request} on the {@link Revalidation} flow. A
 * request's page is looked up under its {@code cache_page} key (the {@code HEAD} page
 * after the {@code GET} one, as Django) and claimed under the URL's {@code cache_header}
 * key, so that concurrent misses of one URL render once: a fresh page is served; an
 * expired one within its stale-while-revalidate window while another request renders it;
 * a waiter serves what the rendering request stored. A miss leaves the request its
 * {@link Revalidation.Ticket} in its {@link PageRequest}, for the store and for a stale
 * page in place of a failed rendering.
 *
 * <p>
 * A page is served only where it may be: a page rendered for an anonymous visitor that
 * looked for a user is not served to a signed-in one
 * ({@link CachedPage#anonymousOnly()}), and a page that only its handler may serve
 * ({@link CachedPage#atHandler()}) is left to the handler, for the URL it was found for,
 * until every access check in front of the handler has run.
 */
final class PageLookup {

	private final PageCache pageCache;

	private final PageStore store;

	private final PageKeys keys;

	private final PageRefresh refresh;

	private final PageCacheStatistics statistics;

	private final PageCacheBreaker breaker;

	private final Clock clock;

	private final Revalidation flow;

	PageLookup(PageCache pageCache, PageStore store, PageKeys keys, PageRefresh refresh, PageCacheStatistics statistics,
			PageCacheBreaker breaker, Clock clock) {
		this.pageCache = pageCache;
		this.store = store;
		this.keys = keys;
		this.refresh = refresh;
		this.statistics = statistics;
		this.breaker = breaker;
		this.clock = clock;
		this.flow = Revalidation.of(pageCache.cache(), clock);
	}

	/**
	 * Serves the request from the cache, or marks it for the store. Never throws for a
	 * cache failure.
	 * @param atHandler whether every access check in front of the handler has run
	 * @return whether the request was answered from the cache
	 */
	@SuppressWarnings("unchecked")
	boolean fetch(HttpServletRequest request, HttpServletResponse response, boolean atHandler) throws IOException {
		if (!isCacheableMethod(request)) {
			return false;
		}
		PageRequest state = PageRequest.of(request);
		// Never wait on a key this very request holds (per-site and @CachePage).
		boolean coordinate = this.refresh.singleFlight() && !state.holdsKey() && !this.breaker.skipping();
		Revalidation.Outcome<CachedPage> outcome;
		try {
			outcome = this.flow.begin(this.keys.headerKey(request), CachedPage.class,
					() -> lookup(request, request.getMethod()), (page) -> isFor(request, page), coordinate,
					this.statistics.stampede());
			this.breaker.succeeded();
		}
		catch (RuntimeException ex) {
			this.breaker.failed("read", ex);
			outcome = this.flow.begin(this.keys.headerKey(request), CachedPage.class, () -> null, (page) -> false,
					false, this.statistics.stampede());
		}
		if (outcome instanceof Revalidation.Serve<CachedPage> serve) {
			return serve(request, response, serve.value(), atHandler);
		}
		this.statistics.miss();
		request.setAttribute(PageCache.RESULT_ATTRIBUTE, "miss");
		state.storeWith(this.store, (Revalidation.Ticket<CachedPage>) outcome);
		return false;
	}

	/**
	 * Whether a request's method is one whose responses are cached: {@code GET} or
	 * {@code HEAD}, as in Django's {@code FetchFromCacheMiddleware}.
	 */
	static boolean isCacheableMethod(HttpServletRequest request) {
		String method = request.getMethod();
		return "GET".equals(method) || "HEAD".equals(method);
	}

	/** The stored page of the request's method, as the flow reads it. */
	private @Nullable Object lookup(HttpServletRequest request, String method) {
		if (this.breaker.skipping()) {
			return null;
		}
		String key = this.pageCache.getCacheKey(request, "GET");
		if (key == null) {
			return null;
		}
		Object page = this.flow.read(key);
		if (page == null && "HEAD".equals(method)) {
			String headKey = this.pageCache.getCacheKey(request, "HEAD");
			page = (headKey != null) ? this.flow.read(headKey) : null;
		}
		return page;
	}

	/**
	 * Whether a page may be served to a request: a page rendered for an anonymous visitor
	 * that looked for a session or a user, and found none, is not served to a signed-in
	 * user (whose own rendering then learns that the page varies on the user).
	 */
	private static boolean isFor(HttpServletRequest request, CachedPage page) {
		if (!page.anonymousOnly()
				|| (request.getHeader("Cookie") == null && request.getHeader("Authorization") == null)) {
			return true;
		}
		return UserAccess.unobserved(request, request::getUserPrincipal) == null;
	}

	private boolean serve(HttpServletRequest request, HttpServletResponse response, CachedPage page, boolean atHandler)
			throws IOException {
		PageRequest state = PageRequest.of(request);
		if (page.atHandler() && !atHandler) {
			// Access checks stand between this filter and the page's handler (method
			// security, an interceptor): the handler serves it once they have run.
			state.leftToHandler = new LeftToHandler(this, request.getRequestURI(), request.getQueryString(), page);
			return false;
		}
		this.statistics.hit();
		state.update = null;
		state.ticket = null;
		state.hit = true;
		request.setAttribute(PageCache.RESULT_ATTRIBUTE, "hit");
		page.writeTo(request, response, this.clock);
		return true;
	}

	/**
	 * Serves the page a filter found but left to the request's handler, now that every
	 * access check in front of the handler has run.
	 * @return whether a page was served
	 */
	static boolean serveAtHandler(HttpServletRequest request, HttpServletResponse response) throws IOException {
		PageRequest page = PageRequest.find(request);
		LeftToHandler left = (page != null) ? page.leftToHandler : null;
		if (left == null) {
			return false;
		}
		page.leftToHandler = null;
		return left.isFor(request) && left.lookup().serve(request, response, left.page(), true);
	}

	/**
	 * Serves the request's stale page within its stale-if-error window, if a lookup left
	 * one, in place of a failed rendering; the response is not stored then.
	 * @return whether the stale page was written
	 */
	static boolean serveStaleOnError(HttpServletRequest request, HttpServletResponse response, Object failure)
			throws IOException {
		PageRequest page = PageRequest.find(request);
		PageRequest.Miss miss = (page != null) ? page.staleFallback() : null;
		if (miss == null || response.isCommitted()) {
			return false;
		}
		CachedPage stale = miss.ticket()
			.staleIfError("rendering " + PageKeys.absoluteUri(request) + " failed: " + failure);
		if (stale == null) {
			return false;
		}
		response.reset();
		page.update = null;
		page.ticket = null;
		stale.writeTo(request, response, miss.store().clock());
		return true;
	}

	/**
	 * A page a filter found and left to the request's handler, and for which URL: a
	 * forward to another page must not be answered with it.
	 *
	 * @param lookup the lookup that found it
	 * @param uri the request URI it was found for
	 * @param query the query string it was found for
	 * @param page the page
	 */
	record LeftToHandler(PageLookup lookup, String uri, @Nullable String query, CachedPage page) {

		boolean isFor(HttpServletRequest request) {
			return this.uri.equals(request.getRequestURI()) && Objects.equals(this.query, request.getQueryString());
		}

	}

}
