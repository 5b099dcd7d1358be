package dev.cachette.invalidation;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.cachette.cache.Caches;

/**
 * Deletes what a {@link CacheBust} names and bumps its namespaces. Each part (keys,
 * fragments, each page, each namespace) is tried on its own and a failure is logged,
 * never thrown: a bust runs after the caller's transaction committed, where an exception
 * would reach code that already succeeded.
 */
final class CacheBuster {

	private static final Log logger = LogFactory.getLog(CacheBuster.class);

	private final Caches caches;

	private final @Nullable PageInvalidator pages;

	CacheBuster(Caches caches, @Nullable PageInvalidator pages) {
		this.caches = caches;
		this.pages = pages;
	}

	void bust(CacheBust bust) {
		deleteKeys(bust, bust.alias(), bust.keys(), "keys");
		deleteKeys(bust, bust.fragmentAlias(), bust.fragmentKeys(), "fragments");
		for (String url : bust.pageUrls()) {
			invalidatePage(bust, url);
		}
		for (String namespace : bust.namespaces()) {
			bumpNamespace(bust, namespace);
		}
		if (logger.isDebugEnabled()) {
			logger.debug(bust.rule() + " busted keys " + bust.keys() + ", fragment keys " + bust.fragmentKeys()
					+ ", pages " + bust.pageUrls() + " and namespaces " + bust.namespaces());
		}
	}

	private void deleteKeys(CacheBust bust, String alias, List<String> keys, String what) {
		if (keys.isEmpty()) {
			return;
		}
		try {
			this.caches.get(alias).deleteMany(keys);
		}
		catch (RuntimeException ex) {
			logger.warn(bust.rule() + " could not delete its " + what + " " + keys + " from cache '" + alias + "'", ex);
		}
	}

	private void bumpNamespace(CacheBust bust, String namespace) {
		try {
			new CacheNamespace(this.caches.get(bust.alias()), namespace).bump();
		}
		catch (RuntimeException ex) {
			logger.warn(bust.rule() + " could not bump namespace '" + namespace + "' in cache '" + bust.alias() + "'",
					ex);
		}
	}

	private void invalidatePage(CacheBust bust, String url) {
		if (this.pages == null) {
			logger.warn(bust.rule() + " names page " + url + " but there is no page cache");
			return;
		}
		try {
			this.pages.invalidatePage(url);
		}
		catch (RuntimeException ex) {
			logger.warn(bust.rule() + " could not invalidate page " + url, ex);
		}
	}

}
