package dev.cachette.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.cachette.cache.Cache;

/**
 * Keeps, per URL, the keys stored for it, so {@link PageCache#invalidatePage} finds them
 * all: both methods, every {@code Vary} variant and language, and the learned header
 * list.
 */
final class PageIndex {

	private static final Duration LONG_TIMEOUT = Duration.ofDays(365);

	private PageIndex() {
	}

	static String indexKey(String keyPrefix, String absoluteUri) {
		return "cachette.page_index." + keyPrefix + "." + PageKeys.md5Hex(IriToUri.convert(absoluteUri));
	}

	static void remember(Cache cache, String keyPrefix, String absoluteUri, List<String> keys, Duration timeout) {
		String indexKey = indexKey(keyPrefix, absoluteUri);
		Set<String> index = cache.get(indexKey);
		if (index != null && index.containsAll(keys)) {
			return;
		}
		Set<String> updated = (index != null) ? new LinkedHashSet<>(index) : new LinkedHashSet<>();
		updated.addAll(keys);
		// Outlive the pages it lists, so none is left unlisted.
		Duration indexTimeout = (timeout.compareTo(LONG_TIMEOUT) > 0) ? timeout : timeout.multipliedBy(2);
		cache.set(indexKey, updated, indexTimeout);
	}

	static int invalidate(Cache cache, String keyPrefix, String absoluteUri) {
		String indexKey = indexKey(keyPrefix, absoluteUri);
		Set<String> index = cache.get(indexKey);
		if (index == null) {
			return 0;
		}
		List<String> keys = new ArrayList<>(index);
		keys.add(indexKey);
		cache.deleteMany(keys);
		return index.size();
	}

}
