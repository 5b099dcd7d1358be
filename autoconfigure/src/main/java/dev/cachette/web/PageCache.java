package dev.cachette.web;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.servlet.LocaleResolver;

import dev.cachette.cache.BaseCache;
import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheSettings;
import dev.cachette.cache.CircuitBreaker;
import dev.cachette.cache.CacheLock;
import dev.cachette.cache.StaleEntry;

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
 * What is stored follows Django's {@code UpdateCacheMiddleware} and its 2026 security
 * releases, plus one stricter rule (see {@link PageCachePolicy}). A cache that fails is
 * never a failed request: the page is served uncached. An alias extending
 * {@link BaseCache} answers a failure itself (a miss, a dropped write) and its
 * {@link CircuitBreaker} skips a dead server, logging once per transition; for any other
 * {@link Cache}, the page cache keeps a breaker of its own with the default settings, so
 * a dead server costs no time per request either way.
 *
 * <p>
 * Beyond Django, {@link PageRefresh} protects a popular page from stampedes: concurrent
 * misses of one URL coalesce on the {@code cache_header} key's {@link CacheLock}, one
 * request rendering while the others wait for the page it stores; an expired page is
 * served within its {@code stale-while-revalidate} window while the one request holding
 * the lock renders it again, and within its {@code stale-if-error} window in place of an
 * exception or a 5xx response. Such pages are stored as a {@link StaleEntry} under the
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

	private static final Log logger = LogFactory.getLog(PageCache.class);

	private final Cache cache;

	private final String keyPrefix;

	private final PageCachePolicy policy;

	private final @Nullable Duration pageTimeout;

	private final @Nullable LocaleResolver localeResolver;

	private final Clock clock;

	private final PageCacheStatistics statistics;

	private final PageRefresh refresh;

	private final boolean shared;

	private final PageKeys keys;

	/** The breaker of a cache that has none of its own; {@code null} for a BaseCache. */
	private final @Nullable CircuitBreaker circuit;

	/**
	 * Creates a page cache.
	 * @param cache the alias pages are stored in
	 * @param keyPrefix the key prefix, Django's {@code CACHE_MIDDLEWARE_KEY_PREFIX} or
	 * {@code cache_page(key_prefix=...)}
	 * @param pageTimeout the page timeout of {@code @CachePage}, which takes precedence
	 * over the response's {@code max-age}; {@code null} for the per-site cache
	 * @param policy what is stored, and the default timeout
	 * @param localeResolver resolves the language of the key suffix, as Django's
	 * {@code LocaleMiddleware}; {@code null} uses the request's {@code Accept-Language}
	 * @param statistics the counters this cache updates
	 * @param clock the clock for {@code Expires} and {@code Age}
	 */
	public PageCache(Cache cache, String keyPrefix, @Nullable Duration pageTimeout, PageCachePolicy policy,
			@Nullable LocaleResolver localeResolver, PageCacheStatistics statistics, Clock clock) {
		this(cache, keyPrefix, pageTimeout, policy, localeResolver, statistics, clock, PageRefresh.defaults());
	}

	/**
	 * Creates a page cache with stampede protection and stale windows.
	 * @param cache the alias pages are stored in
	 * @param keyPrefix the key prefix
	 * @param pageTimeout the page timeout of {@code @CachePage}; {@code null} for the
	 * per-site cache
	 * @param policy what is stored, and the default timeout
	 * @param localeResolver resolves the language of the key suffix, or {@code null}
	 * @param statistics the counters this cache updates
	 * @param clock the clock for {@code Expires}, {@code Age} and the stale windows
	 * @param refresh single-flight and the stale windows
	 */
	public PageCache(Cache cache, String keyPrefix, @Nullable Duration pageTimeout, PageCachePolicy policy,
			@Nullable LocaleResolver localeResolver, PageCacheStatistics statistics, Clock clock, PageRefresh refresh) {
		this(cache, keyPrefix, pageTimeout, policy, localeResolver, statistics, clock, refresh, false);
	}

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
		this.shared = shared;
		this.keys = new PageKeys(cache, keyPrefix, policy, localeResolver);
		this.refresh = refresh;
		this.cache = cache;
		this.keyPrefix = keyPrefix;
		this.pageTimeout = pageTimeout;
		this.policy = policy;
		this.localeResolver = localeResolver;
		this.statistics = statistics;
		this.clock = clock;
		this.circuit = (cache instanceof BaseCache) ? null
				: CircuitBreaker.of(CacheSettings.builder(cache.alias()).clock(clock).build());
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
	 * that {@link #update} stores the response. With {@link PageRefresh}: on a miss,
	 * waits for a concurrent request of the same URL that is rendering the page, then
	 * serves what it stored; serves an expired page within its stale-while-revalidate
	 * window unless this request is the one to render it again. Never throws for a cache
	 * failure.
	 * @param request the request
	 * @param response the response to write a hit to
	 * @return whether the request was answered from the cache
	 * @throws IOException if writing the cached page fails
	 */
	public boolean fetch(HttpServletRequest request, HttpServletResponse response) throws IOException {
		return fetch(request, response, false);
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
		return fetch(request, response, true);
	}

	/**
	 * Whether a request's method is one whose responses are cached: {@code GET} or
	 * {@code HEAD}, as in Django's {@code FetchFromCacheMiddleware}.
	 */
	static boolean isCacheableMethod(HttpServletRequest request) {
		String method = request.getMethod();
		return "GET".equals(method) || "HEAD".equals(method);
	}

	private boolean fetch(HttpServletRequest request, HttpServletResponse response, boolean atHandler)
			throws IOException {
		if (!isCacheableMethod(request)) {
			return false;
		}
		String method = request.getMethod();
		StaleEntry<CachedPage> entry = read(request, method);
		long now = this.clock.millis();
		if (entry != null && entry.isFresh(now)) {
			return serve(request, response, entry.value(), atHandler);
		}
		if (entry != null && entry.canRevalidate(now)) {
			CacheLock lock = lock(request);
			if (!lock.acquired()) {
				// Another request is rendering it again: this one need not wait.
				this.statistics.staleServe();
				return serve(request, response, entry.value(), atHandler);
			}
			PageLocks.hold(request, lock);
		}
		else if (this.refresh.singleFlight()) {
			StaleEntry<CachedPage> stored = coalesce(request, method);
			if (stored != null) {
				return serve(request, response, stored.value(), atHandler);
			}
		}
		if (entry != null && entry.canServeOnError(now)) {
			PageRequest.of(request).stale = new StaleFallback(this, entry);
		}
		this.statistics.miss();
		request.setAttribute(RESULT_ATTRIBUTE, "miss");
		PageRequest.of(request).update = this;
		return false;
	}

	/**
	 * Serves the page a filter found but left to the request's handler
	 * ({@link CachedPage#atHandler()}), now that every access check in front of the
	 * handler has run. Called by {@link PageCacheInterceptor} or, for a handler with
	 * advice such as method security, from inside that advice.
	 * @param request the request
	 * @param response the response to write the page to
	 * @return whether a page was served
	 * @throws IOException if writing it fails
	 */
	static boolean serveAtHandler(HttpServletRequest request, HttpServletResponse response) throws IOException {
		PageRequest page = PageRequest.find(request);
		LeftToHandler left = (page != null) ? page.leftToHandler : null;
		if (left == null) {
			return false;
		}
		page.leftToHandler = null;
		return left.isFor(request) && left.pageCache().serve(request, response, left.page(), true);
	}

	/**
	 * A page a filter found and left to the request's handler, and for which URL: a
	 * forward to another page must not be answered with it.
	 *
	 * @param pageCache the page cache that found it
	 * @param uri the request URI it was found for
	 * @param query the query string it was found for
	 * @param page the page
	 */
	record LeftToHandler(PageCache pageCache, String uri, @Nullable String query, CachedPage page) {

		boolean isFor(HttpServletRequest request) {
			return this.uri.equals(request.getRequestURI()) && Objects.equals(this.query, request.getQueryString());
		}

	}

	/**
	 * Single-flight for a miss: takes the URL's lock, or waits for the request holding it
	 * and reads the page it stored.
	 * @return the page stored meanwhile, or {@code null} to render
	 */
	private @Nullable StaleEntry<CachedPage> coalesce(HttpServletRequest request, String method) {
		CacheLock lock = lock(request);
		if (lock.acquired()) {
			if (lock != CacheLock.UNCOORDINATED) {
				// A request that stored the page just before this one took the lock
				// leaves nothing to render.
				StaleEntry<CachedPage> stored = read(request, method);
				if (stored != null && stored.isFresh(this.clock.millis())) {
					lock.close();
					return stored;
				}
			}
			PageLocks.hold(request, lock);
			return null;
		}
		this.statistics.coalescedWait();
		try {
			if (lock.awaitRelease()) {
				StaleEntry<CachedPage> stored = read(request, method);
				return (stored != null && stored.isFresh(this.clock.millis())) ? stored : null;
			}
		}
		catch (RuntimeException ex) {
			failed("wait for", ex);
		}
		// Timed out, or the page was not stored (not cacheable, an error): render it.
		return null;
	}

	private CacheLock lock(HttpServletRequest request) {
		if (PageRequest.of(request).holdsLock() || skipping()) {
			// Never wait on a lock this very request holds (per-site and @CachePage).
			return CacheLock.UNCOORDINATED;
		}
		try {
			CacheLock lock = this.cache.lock(headerKey(request));
			succeeded();
			return lock;
		}
		catch (RuntimeException ex) {
			failed("lock", ex);
			return CacheLock.UNCOORDINATED;
		}
	}

	private boolean serve(HttpServletRequest request, HttpServletResponse response, CachedPage page, boolean atHandler)
			throws IOException {
		if (page.atHandler() && !atHandler) {
			// Access checks stand between this filter and the page's handler (method
			// security, an interceptor): the handler serves it once they have run.
			PageRequest.of(request).leftToHandler = new LeftToHandler(this, request.getRequestURI(),
					request.getQueryString(), page);
			return false;
		}
		this.statistics.hit();
		PageRequest state = PageRequest.of(request);
		state.update = null;
		state.stale = null;
		state.hit = true;
		request.setAttribute(RESULT_ATTRIBUTE, "hit");
		page.writeTo(request, response, this.clock);
		return true;
	}

	private @Nullable StaleEntry<CachedPage> read(HttpServletRequest request, String method) {
		if (skipping()) {
			return null;
		}
		try {
			StaleEntry<CachedPage> entry = StaleEntry.of(lookup(request, method), CachedPage.class);
			succeeded();
			return (entry != null && isFor(request, entry.value())) ? entry : null;
		}
		catch (RuntimeException ex) {
			failed("read", ex);
			return null;
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

	private @Nullable Object lookup(HttpServletRequest request, String method) {
		String key = getCacheKey(request, "GET");
		if (key == null) {
			return null;
		}
		Object page = this.cache.get(key);
		if (page == null && "HEAD".equals(method)) {
			String headKey = getCacheKey(request, "HEAD");
			page = (headKey != null) ? this.cache.get(headKey) : null;
		}
		return page;
	}

	// UpdateCacheMiddleware

	/**
	 * Stores a response if the request was marked by {@link #fetch} and the response may
	 * be cached, Django's {@code UpdateCacheMiddleware.process_response}. Adds
	 * {@code Expires} and {@code Cache-Control: max-age} to a response it caches. Never
	 * throws for a cache failure.
	 * @param request the request
	 * @param response the response, with its final headers
	 * @param body the response body
	 */
	void update(HttpServletRequest request, HttpServletResponse response, byte[] body) {
		int status = response.getStatus();
		if (status != 200 && status != 304) {
			this.statistics.notCacheable("status");
			return;
		}
		UserAccess access = UserAccess.of(request);
		boolean shared = this.shared || CacheHeaders.hasCacheControlDirective(response, "public");
		if (!shared && access != null && access.dependsOnUser()) {
			// Django's SessionMiddleware: a response that used the session varies on it.
			CacheHeaders.patchVaryHeaders(response, List.of("Cookie"));
		}
		HandlerGuard guard = PageRequest.of(request).guard;
		String refusal = refusal(request, response, body, access, shared, guard);
		if (refusal != null) {
			this.statistics.notCacheable(refusal);
			return;
		}
		Duration timeout = this.pageTimeout;
		if (timeout == null) {
			Integer maxAge = CacheHeaders.getMaxAge(response);
			if (maxAge != null && maxAge == 0) {
				this.statistics.notCacheable("max-age=0");
				return;
			}
			timeout = (maxAge != null) ? Duration.ofSeconds(maxAge) : this.policy.defaultTimeout();
		}
		// Cachette's headers replace the ones Spring Security held back.
		HeldBackHeaders.drop(request);
		boolean perUser = !shared && (CacheHeaders.hasVaryHeader(response, "Cookie")
				|| CacheHeaders.hasVaryHeader(response, "Authorization"));
		if (perUser) {
			// One user's page: the server keeps it under that user's key, and no shared
			// cache between the server and the user may keep it at all.
			CacheHeaders.patchCacheControl(response, java.util.Map.of("private", CacheHeaders.FLAG));
		}
		CacheHeaders.patchResponseHeaders(response, (int) Math.min(Integer.MAX_VALUE, timeout.toSeconds()), this.clock);
		if (status == 200 && !timeout.isZero() && !timeout.isNegative() && !skipping()) {
			if (!response.containsHeader("ETag")) {
				// Django's set_response_etag, so cached pages answer conditional GETs.
				response.setHeader("ETag", "\"" + HexFormat.of().formatHex(PageKeys.md5().digest(body)) + "\"");
			}
			boolean anonymousOnly = !shared && access != null && access.probedUser() && !access.dependsOnUser();
			try {
				store(request, response, CachedPage.of(response, body, anonymousOnly, guard.atHandler()), timeout);
				succeeded();
			}
			catch (RuntimeException ex) {
				failed("store", ex);
			}
		}
	}

	/**
	 * Why a response must not be stored, or {@code null}: the policy's rules (Django's),
	 * then the ones no author should have to remember: a CSRF token handed out or present
	 * in the body, and a handler whose access check looks at what it returns.
	 */
	private @Nullable String refusal(HttpServletRequest request, HttpServletResponse response, byte[] body,
			@Nullable UserAccess access, boolean shared, HandlerGuard guard) {
		String refusal = this.policy.refusal(request, response, shared);
		if (refusal != null) {
			return refusal;
		}
		if (guard.refusal() != null) {
			return guard.refusal();
		}
		if (access != null && access.readCsrfToken()) {
			return "csrf-token";
		}
		String token = CsrfTokens.find(body, (access != null) ? access.csrfTokens() : List.of());
		if (token != null) {
			logger.warn("Page cache '" + this.cache.alias() + "' does not store " + PageKeys.absoluteUri(request)
					+ ": its body holds " + token + " that no other user may receive");
			return "csrf-token";
		}
		return null;
	}

	/**
	 * Stores a page for its timeout, or as a {@link StaleEntry} kept for the timeout plus
	 * the larger of its stale windows.
	 */
	private void store(HttpServletRequest request, HttpServletResponse response, CachedPage page, Duration timeout) {
		Duration staleWhileRevalidate = window(response, "stale-while-revalidate", this.refresh.staleWhileRevalidate());
		Duration staleIfError = window(response, "stale-if-error", this.refresh.staleIfError());
		Duration grace = (staleWhileRevalidate.compareTo(staleIfError) >= 0) ? staleWhileRevalidate : staleIfError;
		if (grace.isZero()) {
			this.cache.set(learnCacheKey(request, response, timeout), page, timeout);
			return;
		}
		Duration kept = timeout.plus(grace);
		StaleEntry<CachedPage> entry = new StaleEntry<>(page, this.clock.millis() + timeout.toMillis(),
				staleWhileRevalidate.toMillis(), staleIfError.toMillis());
		this.cache.set(learnCacheKey(request, response, kept), entry, kept);
	}

	/** A configured window, or the response's RFC 5861 directive when honoured. */
	private Duration window(HttpServletResponse response, String directive, Duration configured) {
		if (this.refresh.honorStaleDirectives()) {
			Integer seconds = CacheHeaders.getSeconds(response, directive);
			if (seconds != null && seconds >= 0) {
				return Duration.ofSeconds(seconds);
			}
		}
		return configured;
	}

	/**
	 * Serves the request's stale page, if the lookup left one within its stale-if-error
	 * window, in place of a failed rendering: an exception or a 5xx status. Called by
	 * {@link UpdateCacheFilter}, before the response is committed.
	 * @param request the request
	 * @param response the buffered response to replace
	 * @param failure what failed, for the log
	 * @return whether the stale page was written
	 * @throws IOException if writing it fails
	 */
	static boolean serveStaleOnError(HttpServletRequest request, HttpServletResponse response, Object failure)
			throws IOException {
		PageRequest page = PageRequest.find(request);
		StaleFallback fallback = (page != null) ? page.stale : null;
		if (fallback == null) {
			return false;
		}
		page.stale = null;
		return fallback.serve(request, response, failure);
	}

	void notCacheable(String reason) {
		this.statistics.notCacheable(reason);
	}

	/** Whether the page cache's own breaker skips the cache; the probe goes through. */
	private boolean skipping() {
		CircuitBreaker circuit = this.circuit;
		return circuit != null && !circuit.allowsCall();
	}

	private void succeeded() {
		CircuitBreaker circuit = this.circuit;
		if (circuit != null) {
			circuit.success();
		}
	}

	/**
	 * Counts a failure; the breaker (the alias's, or this page cache's own) logs it, once
	 * per transition and in a periodic summary.
	 */
	private void failed(String operation, RuntimeException ex) {
		this.statistics.failure();
		CircuitBreaker circuit = this.circuit;
		if (circuit != null) {
			circuit.failure(ex);
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Page cache could not " + operation + " a page in cache '" + this.cache.alias()
					+ "'; serving uncached: " + ex);
		}
	}

	/**
	 * An expired page a request may serve if rendering it again fails.
	 *
	 * @param pageCache the page cache that read it
	 * @param entry the page and its windows
	 */
	record StaleFallback(PageCache pageCache, StaleEntry<CachedPage> entry) {

		boolean serve(HttpServletRequest request, HttpServletResponse response, Object failure) throws IOException {
			PageCache pageCache = this.pageCache;
			if (!this.entry.canServeOnError(pageCache.clock.millis()) || response.isCommitted()) {
				return false;
			}
			response.reset();
			PageRequest.of(request).update = null;
			pageCache.statistics.staleIfErrorServe();
			logger.warn("Page cache '" + pageCache.cache.alias() + "': serving a stale page of "
					+ PageKeys.absoluteUri(request) + " (within stale-if-error) because rendering it failed: "
					+ failure);
			this.entry.value().writeTo(request, response, pageCache.clock);
			return true;
		}

	}

}
