package dev.cachette.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.servlet.LocaleResolver;

import dev.cachette.cache.Cache;
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
 * never a failed request: the page is served uncached, the failure is logged, and the
 * cache is skipped for a short back-off so a dead server costs no time per request.
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

	/** The request attribute holding the page cache that should store this response. */
	static final String UPDATE_ATTRIBUTE = PageCache.class.getName() + ".update";

	/** The request attribute marking a response served from the cache. */
	static final String HIT_ATTRIBUTE = PageCache.class.getName() + ".hit";

	/**
	 * The request attribute a page cache sets when it looks a request up: {@code "hit"}
	 * when the response came from the cache, {@code "miss"} when it did not (the response
	 * is then stored if it may be). Absent when no page cache handled the request. For
	 * diagnostics, such as a "served from cache" badge or an {@code X-Cache} header set
	 * by a filter in front of the page cache.
	 */
	public static final String RESULT_ATTRIBUTE = PageCache.class.getName() + ".result";

	/** The request attribute holding the stale page to serve if rendering fails. */
	static final String STALE_ATTRIBUTE = PageCache.class.getName() + ".stale";

	private static final String LANGUAGE_ATTRIBUTE = PageCache.class.getName() + ".language";

	private static final String URL_HASH_ATTRIBUTE = PageCache.class.getName() + ".urlHash";

	/**
	 * The request attribute holding what {@link #serveFresh} read, for {@link #fetch}.
	 */
	private static final String PEEKED_ATTRIBUTE = PageCache.class.getName() + ".peeked";

	private static final Log logger = LogFactory.getLog(PageCache.class);

	/** Cloned for each digest: cheaper than a provider lookup on every request. */
	private static final MessageDigest MD5 = newMd5();

	private static final Duration FAILURE_BACKOFF = Duration.ofSeconds(5);

	/** The MD5 of no bytes: the vary-values hash of a page that varies on nothing. */
	private static final String EMPTY_MD5 = "d41d8cd98f00b204e9800998ecf8427e";

	private final Cache cache;

	private final String keyPrefix;

	private final PageCachePolicy policy;

	private final @Nullable Duration pageTimeout;

	private final @Nullable LocaleResolver localeResolver;

	private final Clock clock;

	private final PageCacheStatistics statistics;

	private final PageRefresh refresh;

	private final AtomicLong skipUntil = new AtomicLong();

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
		this.refresh = refresh;
		this.cache = cache;
		this.keyPrefix = keyPrefix;
		this.pageTimeout = pageTimeout;
		this.policy = policy;
		this.localeResolver = localeResolver;
		this.statistics = statistics;
		this.clock = clock;
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
		List<String> headerList = this.cache.get(headerKey(request));
		return (headerList != null) ? pageKey(request, method, headerList) : null;
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
		List<String> headerList = new ArrayList<>();
		for (String header : CacheHeaders.varyHeaders(response)) {
			String name = header.toUpperCase(Locale.ROOT).replace('-', '_');
			// The language suffix already separates languages (Django #18191).
			if (!(name.equals("ACCEPT_LANGUAGE") && this.policy.useI18n())) {
				headerList.add("HTTP_" + name);
			}
		}
		Collections.sort(headerList);
		String headerKey = headerKey(request);
		// An unmodifiable list, which a by-value local cache keeps without a copy.
		this.cache.set(headerKey, List.copyOf(headerList), timeout);
		String pageKey = pageKey(request, request.getMethod(), headerList);
		PageIndex.remember(this.cache, this.keyPrefix, absoluteUri(request), List.of(headerKey, pageKey), timeout);
		return pageKey;
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
		return "views.decorators.cache.cache_header." + this.keyPrefix + "." + urlHash(request)
				+ languageSuffix(request);
	}

	private String pageKey(HttpServletRequest request, String method, List<String> headerList) {
		return "views.decorators.cache.cache_page." + this.keyPrefix + "." + method + "." + urlHash(request) + "."
				+ varyValuesHash(request, headerList) + languageSuffix(request);
	}

	/**
	 * The MD5 of the request's absolute URL, computed once per request: a hit makes two
	 * keys from it. Kept with the URL it hashes, so a forward hashes its own.
	 */
	private static String urlHash(HttpServletRequest request) {
		String uri = absoluteUri(request);
		if (request.getAttribute(URL_HASH_ATTRIBUTE) instanceof UrlHash known && known.uri().equals(uri)) {
			return known.hash();
		}
		String hash = md5Hex(uri);
		request.setAttribute(URL_HASH_ATTRIBUTE, new UrlHash(uri, hash));
		return hash;
	}

	/**
	 * A URL and its MD5, as {@link #urlHash} keeps them on the request.
	 *
	 * @param uri the absolute URL
	 * @param hash its MD5 in hex
	 */
	private record UrlHash(String uri, String hash) {

	}

	private static String varyValuesHash(HttpServletRequest request, List<String> headerList) {
		if (headerList.isEmpty()) {
			return EMPTY_MD5;
		}
		MessageDigest values = md5();
		for (String header : headerList) {
			String value = requestHeader(request, header.substring("HTTP_".length()).replace('_', '-'));
			if (value != null) {
				values.update(value.getBytes(StandardCharsets.UTF_8));
			}
		}
		return HexFormat.of().formatHex(values.digest());
	}

	/** The request's header value as WSGI gives it: repeated lines joined by commas. */
	private static @Nullable String requestHeader(HttpServletRequest request, String name) {
		List<String> values = Collections.list(request.getHeaders(name));
		return values.isEmpty() ? null : String.join(",", values);
	}

	/**
	 * Django's {@code request.build_absolute_uri()}: scheme, host as the client sent it,
	 * the path as received, and the query string when there is one.
	 */
	static String absoluteUri(HttpServletRequest request) {
		StringBuilder uri = new StringBuilder(128);
		uri.append(baseUrl(request)).append(request.getRequestURI());
		String query = request.getQueryString();
		if (query != null && !query.isEmpty()) {
			uri.append('?').append(query);
		}
		return IriToUri.convert(uri.toString());
	}

	/**
	 * The scheme and host of a request as the page keys use them
	 * ({@code http://localhost:8080}), so that a path can be turned into the URL
	 * {@link #invalidatePage} expects.
	 * @param request the request
	 * @return the scheme, {@code ://} and the host as the client sent it
	 */
	public static String baseUrl(HttpServletRequest request) {
		return request.getScheme() + "://" + host(request);
	}

	private static String host(HttpServletRequest request) {
		String host = request.getHeader("Host");
		if (host != null && !host.isEmpty()) {
			return host;
		}
		int port = request.getServerPort();
		boolean defaultPort = (port == 80 && "http".equals(request.getScheme()))
				|| (port == 443 && "https".equals(request.getScheme()));
		return defaultPort ? request.getServerName() : request.getServerName() + ":" + port;
	}

	/**
	 * Django's {@code _i18n_cache_key_suffix} with {@code USE_I18N}, resolved once per
	 * request.
	 */
	private String languageSuffix(HttpServletRequest request) {
		if (!this.policy.useI18n()) {
			return "";
		}
		Object known = request.getAttribute(LANGUAGE_ATTRIBUTE);
		if (known instanceof String suffix) {
			return suffix;
		}
		Locale locale = (this.localeResolver != null) ? this.localeResolver.resolveLocale(request)
				: request.getLocale();
		String suffix = "." + locale.toLanguageTag().toLowerCase(Locale.ROOT);
		request.setAttribute(LANGUAGE_ATTRIBUTE, suffix);
		return suffix;
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
		String method = request.getMethod();
		if (!"GET".equals(method) && !"HEAD".equals(method)) {
			return false;
		}
		StaleEntry<CachedPage> entry = (request.getAttribute(PEEKED_ATTRIBUTE) instanceof Peeked peeked
				&& peeked.isFor(this, request)) ? peeked.entry() : read(request, method);
		request.removeAttribute(PEEKED_ATTRIBUTE);
		long now = this.clock.millis();
		if (entry != null && entry.isFresh(now)) {
			return serve(request, response, entry.value());
		}
		if (entry != null && entry.canRevalidate(now)) {
			CacheLock lock = lock(request);
			if (!lock.acquired()) {
				// Another request is rendering it again: this one need not wait.
				this.statistics.staleServe();
				return serve(request, response, entry.value());
			}
			PageLocks.hold(request, lock);
		}
		else if (this.refresh.singleFlight()) {
			StaleEntry<CachedPage> stored = coalesce(request, method);
			if (stored != null) {
				return serve(request, response, stored.value());
			}
		}
		if (entry != null && entry.canServeOnError(now)) {
			request.setAttribute(STALE_ATTRIBUTE, new StaleFallback(this, entry));
		}
		this.statistics.miss();
		request.setAttribute(RESULT_ATTRIBUTE, "miss");
		request.setAttribute(UPDATE_ATTRIBUTE, this);
		return false;
	}

	/**
	 * Serves the request if its page is in the cache and fresh, and does nothing else: no
	 * lock, no stale page, no mark to store the response. What it read is kept on the
	 * request, so a {@link #fetch} that follows for the same request does not read again.
	 * {@link PageCacheInterceptor} calls it for {@link CachePage} methods, to answer a
	 * hit before Spring MVC resolves the method's arguments and enters its aspect.
	 * @param request the request
	 * @param response the response to write a hit to
	 * @return whether the request was answered from the cache
	 * @throws IOException if writing the cached page fails
	 */
	public boolean serveFresh(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String method = request.getMethod();
		if (!"GET".equals(method) && !"HEAD".equals(method)) {
			return false;
		}
		StaleEntry<CachedPage> entry = read(request, method);
		if (entry != null && entry.isFresh(this.clock.millis())) {
			return serve(request, response, entry.value());
		}
		request.setAttribute(PEEKED_ATTRIBUTE,
				new Peeked(this, request.getRequestURI(), request.getQueryString(), entry));
		return false;
	}

	/**
	 * What {@link #serveFresh} read for a request, and for which URL: a forward to
	 * another page must read its own entry.
	 *
	 * @param pageCache the page cache that read it
	 * @param uri the request URI it read for
	 * @param query the query string it read for
	 * @param entry the entry, or {@code null} for none
	 */
	private record Peeked(PageCache pageCache, String uri, @Nullable String query,
			@Nullable StaleEntry<CachedPage> entry) {

		boolean isFor(PageCache reader, HttpServletRequest request) {
			return this.pageCache == reader && this.uri.equals(request.getRequestURI())
					&& Objects.equals(this.query, request.getQueryString());
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
		if (PageLocks.holds(request) || skipping()) {
			// Never wait on a lock this very request holds (per-site and @CachePage).
			return CacheLock.UNCOORDINATED;
		}
		try {
			return this.cache.lock(headerKey(request));
		}
		catch (RuntimeException ex) {
			failed("lock", ex);
			return CacheLock.UNCOORDINATED;
		}
	}

	private boolean serve(HttpServletRequest request, HttpServletResponse response, CachedPage page)
			throws IOException {
		this.statistics.hit();
		request.removeAttribute(UPDATE_ATTRIBUTE);
		request.removeAttribute(STALE_ATTRIBUTE);
		request.setAttribute(HIT_ATTRIBUTE, Boolean.TRUE);
		request.setAttribute(RESULT_ATTRIBUTE, "hit");
		page.writeTo(request, response, this.clock);
		return true;
	}

	private @Nullable StaleEntry<CachedPage> read(HttpServletRequest request, String method) {
		if (skipping()) {
			return null;
		}
		try {
			return StaleEntry.of(lookup(request, method), CachedPage.class);
		}
		catch (RuntimeException ex) {
			failed("read", ex);
			return null;
		}
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
		String refusal = this.policy.refusal(request, response);
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
		CacheHeaders.patchResponseHeaders(response, (int) Math.min(Integer.MAX_VALUE, timeout.toSeconds()), this.clock);
		if (status == 200 && !timeout.isZero() && !timeout.isNegative() && !skipping()) {
			if (!response.containsHeader("ETag")) {
				// Django's set_response_etag, so cached pages answer conditional GETs.
				response.setHeader("ETag", "\"" + HexFormat.of().formatHex(md5().digest(body)) + "\"");
			}
			try {
				store(request, response, body, timeout);
			}
			catch (RuntimeException ex) {
				failed("store", ex);
			}
		}
	}

	/**
	 * Stores a page for its timeout, or as a {@link StaleEntry} kept for the timeout plus
	 * the larger of its stale windows.
	 */
	private void store(HttpServletRequest request, HttpServletResponse response, byte[] body, Duration timeout) {
		Duration staleWhileRevalidate = window(response, "stale-while-revalidate", this.refresh.staleWhileRevalidate());
		Duration staleIfError = window(response, "stale-if-error", this.refresh.staleIfError());
		Duration grace = (staleWhileRevalidate.compareTo(staleIfError) >= 0) ? staleWhileRevalidate : staleIfError;
		CachedPage page = CachedPage.of(response, body);
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
		Object stale = request.getAttribute(STALE_ATTRIBUTE);
		request.removeAttribute(STALE_ATTRIBUTE);
		return (stale instanceof StaleFallback fallback) && fallback.serve(request, response, failure);
	}

	void notCacheable(String reason) {
		this.statistics.notCacheable(reason);
	}

	private boolean skipping() {
		return this.clock.millis() < this.skipUntil.get();
	}

	private void failed(String operation, RuntimeException ex) {
		this.statistics.failure();
		this.skipUntil.set(this.clock.millis() + FAILURE_BACKOFF.toMillis());
		logger.warn("Page cache could not " + operation + " a page in cache '" + this.cache.alias()
				+ "'; serving uncached and skipping the cache for " + FAILURE_BACKOFF.toSeconds() + " s: " + ex);
	}

	static String md5Hex(String text) {
		return HexFormat.of().formatHex(md5().digest(text.getBytes(StandardCharsets.UTF_8)));
	}

	private static MessageDigest md5() {
		try {
			return (MessageDigest) MD5.clone();
		}
		catch (CloneNotSupportedException ex) {
			return newMd5();
		}
	}

	private static MessageDigest newMd5() {
		try {
			return MessageDigest.getInstance("MD5");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("MD5 is required of every Java platform", ex);
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
			request.removeAttribute(UPDATE_ATTRIBUTE);
			pageCache.statistics.staleIfErrorServe();
			logger.warn("Page cache '" + pageCache.cache.alias() + "': serving a stale page of " + absoluteUri(request)
					+ " (within stale-if-error) because rendering it failed: " + failure);
			this.entry.value().writeTo(request, response, pageCache.clock);
			return true;
		}

	}

	/**
	 * Keeps, per URL, the keys stored for it, so {@link #invalidatePage} finds them all.
	 */
	static final class PageIndex {

		private static final Duration LONG_TIMEOUT = Duration.ofDays(365);

		private PageIndex() {
		}

		static String indexKey(String keyPrefix, String absoluteUri) {
			return "cachette.page_index." + keyPrefix + "." + md5Hex(IriToUri.convert(absoluteUri));
		}

		static void remember(Cache cache, String keyPrefix, String absoluteUri, List<String> keys, Duration timeout) {
			String indexKey = indexKey(keyPrefix, absoluteUri);
			Set<String> index = cache.get(indexKey);
			if (index != null && index.containsAll(keys)) {
				return;
			}
			Set<String> updated = (index != null) ? new LinkedHashSet<>(index) : new LinkedHashSet<>();
			updated.addAll(keys);
			// Outlive the pages it lists, so none is left unlisted.
			Duration indexTimeout = (timeout.compareTo(LONG_TIMEOUT) > 0) ? timeout : timeout.multipliedBy(2);
			cache.set(indexKey, updated, indexTimeout);
		}

		static int invalidate(Cache cache, String keyPrefix, String absoluteUri) {
			String indexKey = indexKey(keyPrefix, absoluteUri);
			Set<String> index = cache.get(indexKey);
			if (index == null) {
				return 0;
			}
			List<String> keys = new ArrayList<>(index);
			keys.add(indexKey);
			cache.deleteMany(keys);
			return index.size();
		}

	}

}
