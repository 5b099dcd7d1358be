package dev.cachette.web;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import dev.cachette.cache.revalidation.Revalidation;

/**
 * What the page cache knows about one request, from its lookup to the store of its
 * response, kept in one request attribute: the page cache that will store the response
 * and the revalidation ticket it stores with, whether a page was served, a page left to
 * the handler, what guards the handler, every ticket of its lookups (which hold the URL's
 * key and remember the stale page to serve on an error), Spring Security's held-back
 * headers, and the per-request parts of the keys. A forward keeps the same request, so
 * what is tied to a URL says which one.
 */
final class PageRequest {

	private static final String ATTRIBUTE = PageRequest.class.getName();

	/** What stores the response: the lookup missed. */
	@Nullable PageStore update;

	/** Whether the response was served from the cache. */
	boolean hit;

	/** The ticket {@link #update} stores the response with. */
	Revalidation.@Nullable Ticket<CachedPage> ticket;

	/** A page a filter found and left to the handler. */
	PageLookup.@Nullable LeftToHandler leftToHandler;

	/** What guards the request's handler, for the page about to be stored. */
	HandlerGuard guard = HandlerGuard.NONE;

	/** The handler call {@link PageCacheAdvice} looks up. */
	PageCacheAdvice.@Nullable Lookup inside;

	/** The request's absolute URL and its MD5, for the URL they were made for. */
	PageKeys.@Nullable UrlHash urlHash;

	/** The key suffix of the request's language. */
	@Nullable String languageSuffix;

	/** Every lookup that missed, their tickets released once the response is done. */
	private @Nullable List<Miss> misses;

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
	 * Whether a lookup of the request missed already: a second page cache looking the
	 * same request up (per-site, then {@code @CachePage}) must not wait for a key its own
	 * request holds.
	 */
	boolean holdsKey() {
		return this.misses != null;
	}

	/** Keeps the ticket of a lookup that missed: the response is stored with it. */
	void storeWith(PageStore store, Revalidation.Ticket<CachedPage> ticket) {
		if (this.misses == null) {
			this.misses = new ArrayList<>(1);
		}
		this.misses.add(new Miss(store, ticket));
		this.update = store;
		this.ticket = ticket;
	}

	/**
	 * The latest lookup that missed with a stale page within its stale-if-error window,
	 * to serve in place of a failed rendering.
	 */
	@Nullable Miss staleFallback() {
		List<Miss> misses = this.misses;
		if (misses == null || this.hit) {
			return null;
		}
		for (int i = misses.size() - 1; i >= 0; i--) {
			if (misses.get(i).ticket().hasStaleIfError()) {
				return misses.get(i);
			}
		}
		return null;
	}

	/**
	 * Releases the URL keys the request's lookups hold, whatever happened since (stored,
	 * not cacheable, an exception, an asynchronous request): a key left held would make
	 * every later request of the URL wait out the {@code lock-timeout}. Never throws.
	 */
	static void release(ServletRequest request) {
		PageRequest page = find(request);
		List<Miss> held = (page != null) ? page.misses : null;
		if (held != null) {
			page.misses = null;
			held.forEach((miss) -> miss.ticket().close());
		}
	}

	/**
	 * A lookup that missed.
	 *
	 * @param store what stores the response of the page cache that looked
	 * @param ticket its ticket
	 */
	record Miss(PageStore store, Revalidation.Ticket<CachedPage> ticket) {
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
