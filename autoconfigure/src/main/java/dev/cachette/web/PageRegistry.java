package dev.cachette.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.cachette.cache.Refresh;

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
		return add(pattern, timeout, cache, keyPrefix, Refresh.defaults());
	}

	/**
	 * Caches the pages of a pattern with stale windows, as {@code @CachePage(timeout,
	 * staleWhileRevalidate, staleIfError)} does:
	 * {@code add("/", Duration.ofMinutes(1), "", "", Refresh.staleWhileRevalidate(Duration.ofSeconds(30)))}.
	 * @param pattern the URL pattern
	 * @param timeout how long each page is fresh
	 * @param cache the alias, empty for {@code default}
	 * @param keyPrefix the key prefix, empty for none
	 * @param refresh the stale-while-revalidate and stale-if-error windows (its early
	 * recompute and jitter settings do not apply to pages)
	 * @return this registry
	 */
	public PageRegistry add(String pattern, Duration timeout, String cache, String keyPrefix, Refresh refresh) {
		return add(pattern, timeout, cache, keyPrefix, refresh, false);
	}

	/**
	 * Caches the pages of a pattern, declaring whether they are the same for every user
	 * ({@link CachePage#shared()}).
	 * @param pattern the URL pattern
	 * @param timeout how long each page is fresh
	 * @param cache the alias, empty for {@code default}
	 * @param keyPrefix the key prefix, empty for none
	 * @param refresh the stale-while-revalidate and stale-if-error windows
	 * @param shared whether one entry serves every user even when rendering read the
	 * session or the signed-in user
	 * @return this registry
	 */
	public PageRegistry add(String pattern, Duration timeout, String cache, String keyPrefix, Refresh refresh,
			boolean shared) {
		this.registrations.add(new Registration(pattern, timeout, cache, keyPrefix,
				PageRefresh.defaults().withWindows(refresh), shared));
		return this;
	}

	List<Registration> registrations() {
		return this.registrations;
	}

	record Registration(String pattern, Duration timeout, String cache, String keyPrefix, PageRefresh refresh,
			boolean shared) {
	}

}
