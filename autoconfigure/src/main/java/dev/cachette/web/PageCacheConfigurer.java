package dev.cachette.web;

/**
 * Caches views without touching them, the way Django caches a view in the URLconf
 * ({@code path("foo/", cache_page(900)(my_view))}): declare a bean of this type and
 * register URL patterns with their timeout. Patterns can also be listed in
 * {@code cache-middleware.pages}.
 */
@FunctionalInterface
public interface PageCacheConfigurer {

	/**
	 * Registers URL patterns to cache.
	 * @param registry the registry
	 */
	void configurePages(PageRegistry registry);

}
