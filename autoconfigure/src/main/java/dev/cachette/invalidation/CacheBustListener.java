package dev.cachette.invalidation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;

import dev.cachette.cache.Caches;
import dev.cachette.invalidation.CacheBustRule.Targets;

/**
 * Django's {@code post_save}/{@code post_delete} receivers for every
 * {@link CacheBustRule} bean: on each application event, the rules whose type matches the
 * changed object ({@link ChangedEntities}) work out what to delete there and then, and
 * the deletes run after the surrounding transaction commits (at once without one; never
 * after a rollback). Nothing a rule or a cache does is thrown back to the code that
 * published the event: failures are logged.
 */
final class CacheBustListener implements ApplicationListener<ApplicationEvent> {

	private static final Log logger = LogFactory.getLog(CacheBustListener.class);

	/** The alias the Thymeleaf dialect prefers for fragments when it is configured. */
	static final String TEMPLATE_FRAGMENTS_ALIAS = "template_fragments";

	private final List<CacheBustRule<?>> rules;

	private final Caches caches;

	private final CacheBuster buster;

	private final Supplier<@Nullable String> requestBaseUrl;

	private final List<String> baseUrls;

	/**
	 * Creates the listener; see {@link CacheBusts#listener}.
	 * @param rules the rules
	 * @param caches the aliases
	 * @param pages the page cache, or {@code null} when there is none
	 * @param requestBaseUrl the scheme and host of the current request, or {@code null}
	 * outside a request; page paths are resolved against it
	 * @param baseUrls further base URLs page paths are resolved against (every host name
	 * the site is served under)
	 */
	CacheBustListener(List<CacheBustRule<?>> rules, Caches caches, @Nullable PageInvalidator pages,
			Supplier<@Nullable String> requestBaseUrl, List<String> baseUrls) {
		this.rules = List.copyOf(rules);
		this.caches = caches;
		this.buster = new CacheBuster(caches, pages);
		this.requestBaseUrl = requestBaseUrl;
		this.baseUrls = List.copyOf(baseUrls);
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		Object changed = ChangedEntities.of(event);
		if (changed == null) {
			return;
		}
		List<CacheBust> busts = new ArrayList<>();
		for (CacheBustRule<?> rule : this.rules) {
			try {
				Targets targets = rule.targetsFor(changed);
				if (targets != null) {
					busts.add(resolve(rule, targets));
				}
			}
			catch (RuntimeException ex) {
				logger.warn(rule + " failed to work out what to bust for " + changed, ex);
			}
		}
		if (!busts.isEmpty()) {
			AfterCommit.run(() -> busts.forEach(this.buster::bust));
		}
	}

	private CacheBust resolve(CacheBustRule<?> rule, Targets targets) {
		String fragmentAlias = rule.fragmentAlias();
		if (fragmentAlias == null) {
			fragmentAlias = this.caches.contains(TEMPLATE_FRAGMENTS_ALIAS) ? TEMPLATE_FRAGMENTS_ALIAS
					: Caches.DEFAULT_ALIAS;
		}
		List<String> fragmentKeys = targets.fragments().stream().map(FragmentKey::cacheKey).toList();
		return new CacheBust(rule.toString(), rule.alias(), targets.keys(), fragmentAlias, fragmentKeys,
				pageUrls(rule, targets.pages()), targets.namespaces());
	}

	/** Absolute URLs as they are; a path once for each known base URL. */
	private List<String> pageUrls(CacheBustRule<?> rule, List<String> pages) {
		if (pages.isEmpty()) {
			return List.of();
		}
		Set<String> bases = new LinkedHashSet<>();
		String current = this.requestBaseUrl.get();
		if (current != null) {
			bases.add(current);
		}
		bases.addAll(this.baseUrls);
		Set<String> urls = new LinkedHashSet<>();
		for (String page : pages) {
			if (page.contains("://")) {
				urls.add(page);
			}
			else if (bases.isEmpty()) {
				logger.warn(rule + " names page " + page + " outside a request and no cachette.invalidation.base-urls "
						+ "are set: it cannot be resolved to a URL");
			}
			else {
				String path = page.startsWith("/") ? page : "/" + page;
				bases.forEach((base) -> urls.add(stripTrailingSlash(base) + path));
			}
		}
		return List.copyOf(urls);
	}

	private static String stripTrailingSlash(String base) {
		return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
	}

}
