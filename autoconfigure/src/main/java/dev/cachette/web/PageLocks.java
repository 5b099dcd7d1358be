package dev.cachette.web;

import java.util.List;

import jakarta.servlet.ServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.cachette.cache.CacheLock;

/**
 * The page locks a request holds, kept in its {@link PageRequest} from the lookup that
 * took them ({@link PageCache#fetch}) until {@link UpdateCacheFilter} has stored the page
 * or given up, whatever happened in between (an exception, an asynchronous request, a hit
 * of another page cache on the same request): a lock left held would make every later
 * request of the URL wait out the {@code lock-timeout}.
 */
final class PageLocks {

	private static final Log logger = LogFactory.getLog(PageLocks.class);

	private PageLocks() {
	}

	static void hold(ServletRequest request, CacheLock lock) {
		PageRequest.of(request).hold(lock);
	}

	/**
	 * Releases every lock the request holds. Never throws.
	 */
	static void release(ServletRequest request) {
		PageRequest page = PageRequest.find(request);
		List<CacheLock> locks = (page != null) ? page.takeLocks() : null;
		if (locks == null) {
			return;
		}
		for (CacheLock lock : locks) {
			try {
				lock.close();
			}
			catch (RuntimeException ex) {
				logger.warn("Releasing a page lock failed; it expires with its lease: " + ex);
			}
		}
	}

}
