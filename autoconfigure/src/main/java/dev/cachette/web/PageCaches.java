package dev.cachette.web;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.web.servlet.LocaleResolver;

import dev.cachette.cache.Caches;

/**
 * Every {@link PageCache} of the application: the per-site one, one per distinct
 * {@code @CachePage(cache, keyPrefix, timeout)}, and one per registered URL pattern. All
 * share one {@link PageCachePolicy} and one {@link PageCacheStatistics}.
 */
public final class PageCaches {

	private final Caches caches;

	private final PageCachePolicy policy;

	private final @Nullable LocaleResolver localeResolver;

	private final PageCacheStatistics statistics;

	private final Clock clock;

	private final @Nullable PageCache site;

	private final PagePatterns patterns;

	private final PageRefresh refresh;

	private final Map<ViewKey, PageCache> views = new ConcurrentHashMap<>();

	/**
	 * Creates the page caches.
	 * @param caches the aliases
	 * @param policy what may be stored
	 * @param localeResolver the application's locale resolver, or {@code null}
	 * @param statistics the shared counters
	 * @param clock the clock for HTTP dates
	 * @param siteAlias the per-site cache's alias ({@code CACHE_MIDDLEWARE_ALIAS}), or
	 * {@code null} when the per-site cache is off
	 * @param siteKeyPrefix the per-site key prefix ({@code CACHE_MIDDLEWARE_KEY_PREFIX})
	 * @param registry the URL patterns to cache
	 */
	public PageCaches(Caches caches, PageCachePolicy policy, @Nullable LocaleResolver localeResolver,
			PageCacheStatistics statistics, Clock clock, @Nullable String siteAlias, String siteKeyPrefix,
			PageRegistry registry) {
		this(caches, policy, localeResolver, statistics, clock, siteAlias, siteKeyPrefix, registry,
				PageRefresh.defaults());
	}

	/**
	 * Creates the page caches with stampede protection.
	 * @param caches the aliases
	 * @param policy what may be stored
	 * @param localeResolver the application's locale resolver, or {@code null}
	 * @param statistics the shared counters
	 * @param clock the clock for HTTP dates and stale windows
	 * @param siteAlias the per-site cache's alias, or {@code null} when it is off
	 * @param siteKeyPrefix the per-site key prefix
	 * @param registry the URL patterns to cache
	 * @param refresh the per-site cache's settings; its single-flight switch and
	 * directive handling apply to every page cache, its windows to the per-site one
	 */
	public PageCaches(Caches caches, PageCachePolicy policy, @Nullable LocaleResolver localeResolver,
			PageCacheStatistics statistics, Clock clock, @Nullable String siteAlias, String siteKeyPrefix,
			PageRegistry registry, PageRefresh refresh) {
		this.refresh = refresh;
		this.caches = caches;
		this.policy = policy;
		this.localeResolver = localeResolver;
		this.statistics = statistics;
		this.clock = clock;
		this.site = (siteAlias != null) ? newPageCache(siteAlias, siteKeyPrefix, null, refresh, false) : null;
		List<PagePatterns.Entry> entries = new ArrayList<>();
		for (PageRegistry.Registration registration : registry.registrations()) {
			entries.add(PagePatterns.entry(registration.pattern(), forView(registration.cache(),
					registration.keyPrefix(), registration.timeout(), registration.refresh(), registration.shared())));
		}
		this.patterns = new PagePatterns(entries);
	}

	/**
	 * The per-site page cache, or {@code null} when {@code cache-middleware.enabled} is
	 * false.
	 * @return the per-site page cache
	 */
	public @Nullable PageCache site() {
		return this.site;
	}

	/**
	 * The page cache of a view, Django's
	 * {@code cache_page(timeout, cache=..., key_prefix=...)}.
	 * @param alias the alias, empty for {@code default}
	 * @param keyPrefix the key prefix
	 * @param timeout the page timeout
	 * @return the page cache, the same instance for the same arguments
	 */
	public PageCache forView(String alias, String keyPrefix, Duration timeout) {
		return forView(alias, keyPrefix, timeout, PageRefresh.defaults());
	}

	/**
	 * The page cache of a view with stale windows, or single-flight off.
	 * @param alias the alias, empty for {@code default}
	 * @param keyPrefix the key prefix
	 * @param timeout the page timeout
	 * @param view the view's windows and single-flight switch; single-flight is on only
	 * when the application's switch is on too, and the application's directive handling
	 * applies
	 * @return the page cache, the same instance for the same arguments
	 */
	public PageCache forView(String alias, String keyPrefix, Duration timeout, PageRefresh view) {
		return forView(alias, keyPrefix, timeout, view, false);
	}

	/**
	 * The page cache of a view, with its pages declared the same for every user or not.
	 * @param alias the alias, empty for {@code default}
	 * @param keyPrefix the key prefix
	 * @param timeout the page timeout
	 * @param view the view's windows and single-flight switch
	 * @param shared whether one entry serves every user ({@link CachePage#shared()})
	 * @return the page cache, the same instance for the same arguments
	 */
	public PageCache forView(String alias, String keyPrefix, Duration timeout, PageRefresh view, boolean shared) {
		PageRefresh refresh = new PageRefresh(this.refresh.singleFlight() && view.singleFlight(),
				view.staleWhileRevalidate(), view.staleIfError(), this.refresh.honorStaleDirectives());
		return this.views.computeIfAbsent(new ViewKey(alias, keyPrefix, timeout, refresh, shared),
				(key) -> newPageCache(alias, keyPrefix, timeout, refresh, shared));
	}

	/**
	 * The page cache a {@link CachePage} annotation asks for.
	 * @param cachePage the annotation
	 * @return its page cache, the same instance for equal annotations
	 */
	public PageCache forView(CachePage cachePage) {
		return forView(cachePage.cache(), cachePage.keyPrefix(), Duration.ofSeconds(cachePage.timeout()),
				PageRefresh.of(cachePage), cachePage.shared());
	}

	/**
	 * Removes every cached variant of a URL from every page cache: the per-site one, each
	 * {@code @CachePage} one used so far, and each URL pattern's.
	 * @param absoluteUrl the URL with scheme, host and query
	 * @return how many keys were removed
	 */
	public int invalidatePage(String absoluteUrl) {
		int removed = 0;
		for (PageCache pageCache : all()) {
			removed += pageCache.invalidatePage(absoluteUrl);
		}
		return removed;
	}

	/**
	 * The counters shared by every page cache.
	 * @return the statistics
	 */
	public PageCacheStatistics statistics() {
		return this.statistics;
	}

	PagePatterns patterns() {
		return this.patterns;
	}

	private Collection<PageCache> all() {
		List<PageCache> all = new ArrayList<>(this.views.values());
		if (this.site != null) {
			all.add(this.site);
		}
		return all;
	}

	private PageCache newPageCache(String alias, String keyPrefix, @Nullable Duration timeout, PageRefresh refresh,
			boolean shared) {
		String name = alias.isEmpty() ? Caches.DEFAULT_ALIAS : alias;
		return new PageCache(this.caches.get(name), keyPrefix, timeout, this.policy, this.localeResolver,
				this.statistics, this.clock, refresh, shared);
	}

	private record ViewKey(String alias, String keyPrefix, Duration timeout, PageRefresh refresh, boolean shared) {
	}

}
