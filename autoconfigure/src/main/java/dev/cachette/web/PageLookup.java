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
 * While the alias's circuit is open the store is out of reach, and a page this JVM stored
 * or served with a stale-if-error window is served from memory within that window: the
 * flow keeps the last such pages under their own {@code cache_page} keys (at most
 * {@value #KNOWN_PAGES} pages and {@value #KNOWN_PAGE_BYTES} bytes per page cache), and
 * {@link PageKeys#knownPageKey} makes the request's key from the {@code Vary} list this
 * JVM last saw for the URL, with the request's own header values, so another variant's
 * page (another language, another user's {@code Cookie} or {@code Authorization}) is
 * never served.
 *
 * <p>
 * A page is served only where it may be: a page rendered for an anonymous visitor that
 * looked for a user is not served to a signed-in one
 * ({@link CachedPage#anonymousOnly()}), and a page that only its handler may serve
 * ({@link CachedPage#atHandler()}) is left to the handler, for the URL it was found for,
 * until every access check in front of the handler has run.
 */
final class PageLookup {

	/** How many pages a page cache keeps in memory to serve while its store is down. */
	static final int KNOWN_PAGES = 1000;

	/** How many bytes those pages may weigh together. */
	static final long KNOWN_PAGE_BYTES = 8 * 1024 * 1024;

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
		this.flow = Revalidation.of(pageCache.cache(), clock)
			.keepingLastKnown(KNOWN_PAGES, KNOWN_PAGE_BYTES,
					(value) -> (value instanceof CachedPage page) ? page.weight() : 0);
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
		Lookup lookup = new Lookup(request);
		try {
			outcome = this.flow.begin(this.keys.headerKey(request), CachedPage.class, lookup::read, lookup::key,
					(page) -> isFor(request, page), coordinate, this.statistics.stampede());
			this.breaker.succeeded();
		}
		catch (RuntimeException ex) {
			this.breaker.failed("read", ex);
			outcome = this.flow.begin(this.keys.headerKey(request), CachedPage.class, () -> null, () -> null,
					(page) -> false, false, this.statistics.stampede());
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

	/**
	 * Forgets what this JVM keeps of a URL's pages, invalidated here, so that it is not
	 * served while the store is out of reach.
	 * @param absoluteUrl the URL as {@link PageCache#invalidatePage} takes it
	 */
	void forget(String absoluteUrl) {
		String urlHash = PageKeys.md5Hex(IriToUri.convert(absoluteUrl));
		this.keys.forgetUrl(urlHash);
		this.flow.forgetKnown((storedKey) -> PageKeys.isOfUrl(storedKey, urlHash));
	}

	/**
	 * One request's lookup as the flow calls it: the stored page of the request's method,
	 * and the key it was read under, which is the key the flow remembers it by.
	 */
	private final class Lookup {

		private final HttpServletRequest request;

		private @Nullable String key;

		Lookup(HttpServletRequest request) {
			this.request = request;
		}

		@Nullable Object read() {
			this.key = null;
			if (PageLookup.this.breaker.skipping()) {
				return null;
			}
			String key = PageLookup.this.pageCache.getCacheKey(this.request, "GET");
			if (key == null) {
				return null;
			}
			this.key = key;
			Object page = PageLookup.this.flow.read(key);
			if (page == null && "HEAD".equals(this.request.getMethod())) {
				String headKey = PageLookup.this.pageCache.getCacheKey(this.request, "HEAD");
				page = (headKey != null) ? PageLookup.this.flow.read(headKey) : null;
				if (page != null) {
					this.key = headKey;
				}
			}
			return page;
		}

		/**
		 * The key the page was read under; when the store could not tell the {@code Vary}
		 * list (out of reach), the key the list this JVM knows makes.
		 */
		@Nullable String key() {
			return (this.key != null) ? this.key : PageLookup.this.keys.knownPageKey(this.request);
		}

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
