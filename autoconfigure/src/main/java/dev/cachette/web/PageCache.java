package dev.cachette.web;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.web.servlet.LocaleResolver;

import dev.cachette.cache.Cache;
import dev.cachette.cache.revalidation.Revalidation;

/**
 * Caches whole pages in one alias: the logic of Django's cache middleware and
 * {@code cache_page}, written once for the per-site filters, {@code @CachePage} and URL
 * patterns.
 *
 * <p>
 * Keys are byte for byte Django's. The {@code cache_header} key
 * ({@code views.decorators.cache.cache_header.<prefix>.<md5(url)>.<language>}) holds the
 * request headers the page varies on, learned from the response's {@code Vary}; the
 * {@code cache_page} key
 * ({@code views.decorators.cache.cache_page.<prefix>.<method>.<md5(url)>.<md5(header values)>.<language>})
 * holds the page. {@link #getCacheKey} and {@link #learnCacheKey} are public, so a page
 * can be found and deleted as in Django; {@link #invalidatePage} removes every method and
 * {@code Vary} variant of a URL, which Django cannot do.
 *
 * <p>
 * One class per concern stands behind it: {@link PageKeys} makes the keys,
 * {@link PageLookup} looks a request up on the {@link Revalidation} flow,
 * {@link PageStore} decides what is stored ({@link PageCachePolicy}: Django's
 * {@code UpdateCacheMiddleware} and its 2026 security releases, plus one stricter rule),
 * {@link ConditionalRequests} answers conditional requests, {@link PageCacheStatistics}
 * counts, {@link PageCacheBreaker} survives a failing cache (the page is served
 * uncached). A request's page state travels in one {@link PageRequest}.
 *
 * <p>
 * Beyond Django, {@link PageRefresh} protects a popular page from stampedes: concurrent
 * misses of one URL coalesce on the {@code cache_header} key, one request rendering while
 * the others wait for the page it stores; an expired page is served within its
 * {@code stale-while-revalidate} window while the one request holding the key renders it
 * again, and within its {@code stale-if-error} window in place of an exception or a 5xx
 * response, or while the alias's circuit is open (from the pages this JVM stored or
 * served, see {@link PageLookup}). Such pages are stored in the flow's envelope under the
 * same keys, kept for the timeout plus the larger window.
 */
public final class PageCache {

	/**
	 * The request attribute a page cache sets when it looks a request up: {@code "hit"}
	 * when the response came from the cache, {@code "miss"} when it did not (the response
	 * is then stored if it may be). Absent when no page cache handled the request. For
	 * diagnostics, such as a "served from cache" badge or an {@code X-Cache} header set
	 * by a filter in front of the page cache.
	 */
	public static final String RESULT_ATTRIBUTE = PageCache.class.getName() + ".result";

	private final Cache cache;

	private final String keyPrefix;

	private final PageRefresh refresh;

	private final PageKeys keys;

	private final PageLookup lookup;

	/**
	 * Creates a page cache whose pages may be declared the same for every user.
	 * @param cache the alias pages are stored in
	 * @param keyPrefix the key prefix
	 * @param pageTimeout the page timeout of {@code @CachePage}; {@code null} for the
	 * per-site cache
	 * @param policy what is stored, and the default timeout
	 * @param localeResolver resolves the language of the key suffix, or {@code null}
	 * @param statistics the counters this cache updates
	 * @param clock the clock for {@code Expires}, {@code Age} and the stale windows
	 * @param refresh single-flight and the stale windows
	 * @param shared whether the author declared the pages the same for every user
	 * ({@link CachePage#shared()}): one entry serves everyone even when rendering read
	 * the session or the user, as with {@code Cache-Control: public}
	 */
	public PageCache(Cache cache, String keyPrefix, @Nullable Duration pageTimeout, PageCachePolicy policy,
			@Nullable LocaleResolver localeResolver, PageCacheStatistics statistics, Clock clock, PageRefresh refresh,
			boolean shared) {
		this.cache = cache;
		this.keyPrefix = keyPrefix;
		this.refresh = refresh;
		this.keys = new PageKeys(cache, keyPrefix, policy, localeResolver);
		PageCacheBreaker breaker = new PageCacheBreaker(cache, statistics, clock);
		PageStore store = new PageStore(this, this.keys, policy, pageTimeout, refresh, shared, statistics, breaker,
				clock);
		this.lookup = new PageLookup(this, store, this.keys, refresh, statistics, breaker, clock);
	}

	/**
	 * Returns how this cache protects its pages from stampedes.
	 * @return the single-flight switch and stale windows
	 */
	public PageRefresh refresh() {
		return this.refresh;
	}

	/**
	 * Returns the cache pages are stored in.
	 * @return the cache
	 */
	public Cache cache() {
		return this.cache;
	}

	// Keys: django.utils.cache

	/**
	 * Returns the key of a request's {@code GET} page, or {@code null} when this URL's
	 * {@code Vary} list has not been learned (the page must be built). Django's
	 * {@code get_cache_key}.
	 * @param request the request
	 * @return the page key, or {@code null}
	 */
	public @Nullable String getCacheKey(HttpServletRequest request) {
		return getCacheKey(request, "GET");
	}

	/**
	 * Returns the key of a request's page for a method, or {@code null} when this URL's
	 * {@code Vary} list has not been learned.
	 * @param request the request
	 * @param method {@code GET} or {@code HEAD}
	 * @return the page key, or {@code null}
	 */
	public @Nullable String getCacheKey(HttpServletRequest request, String method) {
		List<String> headerList = this.keys.headerList(request);
		return (headerList != null) ? this.keys.pageKey(request, method, headerList) : null;
	}

	/**
	 * Learns from a response which request headers its page varies on, stores that list
	 * under the URL's {@code cache_header} key for {@code timeout}, and returns the page
	 * key. Django's {@code learn_cache_key}.
	 * @param request the request
	 * @param response the response, its headers final
	 * @param timeout how long to keep the list
	 * @return the page key
	 */
	public String learnCacheKey(HttpServletRequest request, HttpServletResponse response, Duration timeout) {
		return this.keys.learn(request, response, timeout);
	}

	/**
	 * Removes every cached variant of a URL: both methods, every {@code Vary} variant and
	 * language, and the learned header list. Keys stored by other application instances
	 * are found through a small index entry kept beside the pages; two instances storing
	 * the first variants of one URL at the same instant may each miss the other's in that
	 * entry, and such a variant then lives until its own timeout.
	 * @param absoluteUrl the URL as the client requested it, with scheme, host and query
	 * ({@code https://example.com/articles?page=2})
	 * @return how many keys were removed
	 */
	public int invalidatePage(String absoluteUrl) {
		this.lookup.forget(absoluteUrl);
		return PageIndex.invalidate(this.cache, this.keyPrefix, absoluteUrl);
	}

	/** The URL's {@code cache_header} key, which is also the key of its page lock. */
	String headerKey(HttpServletRequest request) {
		return this.keys.headerKey(request);
	}

	/**
	 * The scheme and host of a request as the page keys use them
	 * ({@code http://localhost:8080}), so that a path can be turned into the URL
	 * {@link #invalidatePage} expects.
	 * @param request the request
	 * @return the scheme, {@code ://} and the host the application sees
	 */
	public static String baseUrl(HttpServletRequest request) {
		return PageKeys.baseUrl(request);
	}

	// FetchFromCacheMiddleware

	/**
	 * Serves the request from the cache if its page is there, Django's
	 * {@code FetchFromCacheMiddleware.process_request}; otherwise marks the request so
	 * that {@link UpdateCacheFilter} stores the response. With {@link PageRefresh}: on a
	 * miss, waits for a concurrent request of the same URL that is rendering the page,
	 * then serves what it stored; serves an expired page within its
	 * stale-while-revalidate window unless this request is the one to render it again.
	 * Never throws for a cache failure.
	 * @param request the request
	 * @param response the response to write a hit to
	 * @return whether the request was answered from the cache
	 * @throws IOException if writing the cached page fails
	 */
	public boolean fetch(HttpServletRequest request, HttpServletResponse response) throws IOException {
		return this.lookup.fetch(request, response, false);
	}

	/**
	 * Looks the request up as {@link #fetch(HttpServletRequest, HttpServletResponse)}
	 * does, from its handler: every access check in front of the handler has run, so a
	 * page that only its handler may serve is served.
	 * @param request the request
	 * @param response the response to write a hit to
	 * @return whether the request was answered from the cache
	 * @throws IOException if writing the cached page fails
	 */
	boolean fetchAtHandler(HttpServletRequest request, HttpServletResponse response) throws IOException {
		return this.lookup.fetch(request, response, true);
	}

}
