package dev.cachette.web;

import java.time.Clock;
import java.util.function.Supplier;

import jakarta.servlet.Filter;

import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The filters and the interceptor the page cache works through, for the web
 * auto-configuration (or an application that wires Cachette itself) to register: their
 * classes are package-private, since nothing else creates or calls them. Where each goes
 * in the filter chain is said on its method; {@code CachetteWebAutoConfiguration} puts
 * them there.
 */
public final class PageCacheWiring {

	private PageCacheWiring() {
	}

	/**
	 * Django's {@code UpdateCacheMiddleware}: wraps the response so that a page can be
	 * stored once rendered. Register it outside every other filter.
	 * @param maxPageSize the largest body, in bytes, that is buffered and stored; a
	 * larger one is streamed to the client and not stored
	 * @return the filter
	 */
	public static Filter updateCacheFilter(long maxPageSize) {
		return new UpdateCacheFilter(maxPageSize);
	}

	/**
	 * Django's {@code FetchFromCacheMiddleware}, for the per-site cache and the URL
	 * patterns: serves a cached page. Register it inside every other filter, after Spring
	 * Security's chain.
	 * @param pageCaches the per-site page cache and the URL patterns
	 * @return the filter
	 */
	public static Filter fetchFromCacheFilter(PageCaches pageCaches) {
		return new FetchFromCacheFilter(pageCaches);
	}

	/**
	 * Records what serving a request read about the user (session, principal, CSRF
	 * token), so that such a page varies on {@code Cookie} or is not stored. Register it
	 * beneath Spring Session's filter and above Spring Security's chain.
	 * @return the filter
	 */
	public static Filter userAccessFilter() {
		return new UserAccessFilter();
	}

	/**
	 * Serves and stores the pages of {@link CachePage} methods, and applies the header
	 * annotations. Register it last, after every interceptor of the application.
	 * @param clock the clock for {@code Expires}
	 * @param pageCaches the page caches, asked for at the first request of a
	 * {@link CachePage} method
	 * @param handlerMappings Spring MVC's handler mappings, to find the application's
	 * interceptors in front of a handler
	 * @return the interceptor
	 */
	public static HandlerInterceptor pageCacheInterceptor(Clock clock, Supplier<PageCaches> pageCaches,
			Supplier<? extends Iterable<HandlerMapping>> handlerMappings) {
		return new PageCacheInterceptor(clock, pageCaches, handlerMappings);
	}

}
