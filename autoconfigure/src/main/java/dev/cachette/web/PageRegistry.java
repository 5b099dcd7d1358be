package dev.cachette.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The URL patterns whose pages are cached, in the order registered; the first match wins.
 * Patterns use Spring's {@code PathPattern} syntax ({@code /articles/**},
 * {@code /articles/{slug}}) and match the path within the application; query strings are
 * part of each page's key, as always.
 */
public final class PageRegistry {

	private final List<Registration> registrations = new ArrayList<>();

	/**
	 * Caches the pages of a pattern in the {@code default} alias, as
	 * {@code cache_page(timeout)} does.
	 * @param pattern the URL pattern
	 * @param timeout how long each page is kept
	 * @return this registry
	 */
	public PageRegistry add(String pattern, Duration timeout) {
		return add(pattern, timeout, "", "");
	}

	/**
	 * Caches the pages of a pattern, as
	 * {@code cache_page(timeout, cache=..., key_prefix=...)} does.
	 * @param pattern the URL pattern
	 * @param timeout how long each page is kept
	 * @param cache the alias, empty for {@code default}
	 * @param keyPrefix the key prefix, empty for none
	 * @return this registry
	 */
	public PageRegistry add(String pattern, Duration timeout, String cache, String keyPrefix) {
		this.registrations.add(new Registration(pattern, timeout, cache, keyPrefix));
		return this;
	}

	List<Registration> registrations() {
		return this.registrations;
	}

	record Registration(String pattern, Duration timeout, String cache, String keyPrefix) {
	}

}
