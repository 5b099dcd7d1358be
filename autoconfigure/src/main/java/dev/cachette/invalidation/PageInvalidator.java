package dev.cachette.invalidation;

/**
 * Removes every cached variant of a page; the page cache's
 * {@code PageCaches.invalidatePage} when Spring MVC is present. An interface, so that the
 * busts work in applications without a servlet container.
 */
@FunctionalInterface
public interface PageInvalidator {

	/**
	 * Removes every cached variant of a URL from every page cache.
	 * @param absoluteUrl the URL with scheme, host and query
	 * @return how many keys were removed
	 */
	int invalidatePage(String absoluteUrl);

}
