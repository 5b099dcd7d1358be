package dev.cachette.web;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import dev.cachette.cache.CacheLock;

/**
 * What the page cache knows about one request, from its lookup to the store of its
 * response, kept in one request attribute: the page cache that will store the response,
 * whether a page was served, the stale page to serve on an error, a page left to the
 * handler, what guards the handler, the locks held, Spring Security's held-back headers,
 * and the per-request parts of the keys. A forward keeps the same request, so what is
 * tied to a URL says which one.
 */
final class PageRequest {

	private static final String ATTRIBUTE = PageRequest.class.getName();

	/** The page cache that stores the response: the lookup missed. */
	@Nullable PageCache update;

	/** Whether the response was served from the cache. */
	boolean hit;

	/** The expired page to serve in place of a failed rendering. */
	PageCache.@Nullable StaleFallback stale;

	/** A page a filter found and left to the handler. */
	PageCache.@Nullable LeftToHandler leftToHandler;

	/** What guards the request's handler, for the page about to be stored. */
	HandlerGuard guard = HandlerGuard.NONE;

	/** The handler call {@link PageCacheAdvice} looks up. */
	PageCacheAdvice.@Nullable Lookup inside;

	/** The request's absolute URL and its MD5, for the URL they were made for. */
	PageKeys.@Nullable UrlHash urlHash;

	/** The key suffix of the request's language. */
	@Nullable String languageSuffix;

	private @Nullable List<CacheLock> locks;

	private @Nullable BiConsumer<HttpServletRequest, HttpServletResponse> heldHeaders;

	private PageRequest() {
	}

	/** The request's page state, made at the first look. */
	static PageRequest of(ServletRequest request) {
		if (request.getAttribute(ATTRIBUTE) instanceof PageRequest known) {
			return known;
		}
		PageRequest created = new PageRequest();
		request.setAttribute(ATTRIBUTE, created);
		return created;
	}

	/** The request's page state, or {@code null} when no page cache looked at it. */
	static @Nullable PageRequest find(ServletRequest request) {
		return (request.getAttribute(ATTRIBUTE) instanceof PageRequest known) ? known : null;
	}

	/** Whether the response will be stored, if it may be: a lookup missed. */
	static boolean isStoring(ServletRequest request) {
		PageRequest page = find(request);
		return page != null && page.update != null;
	}

	/** Whether the response was served from the cache. */
	static boolean isHit(ServletRequest request) {
		PageRequest page = find(request);
		return page != null && page.hit;
	}

	/**
	 * Whether the request holds a page lock already: a second page cache looking the same
	 * request up (per-site, then {@code @CachePage}) must not wait for a lock its own
	 * request holds.
	 */
	boolean holdsLock() {
		return this.locks != null;
	}

	void hold(CacheLock lock) {
		if (this.locks == null) {
			this.locks = new ArrayList<>(1);
		}
		this.locks.add(lock);
	}

	/** Hands over the locks held, to release them; none are held after. */
	@Nullable List<CacheLock> takeLocks() {
		List<CacheLock> held = this.locks;
		this.locks = null;
		return held;
	}

	void holdBack(BiConsumer<HttpServletRequest, HttpServletResponse> headers) {
		this.heldHeaders = headers;
	}

	/** Hands over the held-back headers, to write or drop them; none are held after. */
	@Nullable BiConsumer<HttpServletRequest, HttpServletResponse> takeHeldHeaders() {
		BiConsumer<HttpServletRequest, HttpServletResponse> held = this.heldHeaders;
		this.heldHeaders = null;
		return held;
	}

}
