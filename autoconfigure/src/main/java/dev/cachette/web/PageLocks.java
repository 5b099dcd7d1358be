package dev.cachette.web;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.ServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.cachette.cache.CacheLock;

/**
 * The page locks a request holds, kept in a request attribute from the lookup that took
 * them ({@link PageCache#fetch}) until {@link UpdateCacheFilter} has stored the page or
 * given up, whatever happened in between (an exception, an asynchronous request, a hit of
 * another page cache on the same request): a lock left held would make every later
 * request of the URL wait out the {@code lock-timeout}.
 */
final class PageLocks {

	private static final Log logger = LogFactory.getLog(PageLocks.class);

	private static final String ATTRIBUTE = PageLocks.class.getName();

	private PageLocks() {
	}

	/**
	 * Tells whether the request holds a page lock already: a second page cache looking
	 * the same request up (per-site, then {@code @CachePage}) must not wait for a lock
	 * its own request holds.
	 */
	static boolean holds(ServletRequest request) {
		return request.getAttribute(ATTRIBUTE) != null;
	}

	static void hold(ServletRequest request, CacheLock lock) {
		@SuppressWarnings("unchecked")
		List<CacheLock> locks = (List<CacheLock>) request.getAttribute(ATTRIBUTE);
		if (locks == null) {
			locks = new ArrayList<>(1);
			request.setAttribute(ATTRIBUTE, locks);
		}
		locks.add(lock);
	}

	/**
	 * Releases every lock the request holds. Never throws.
	 */
	static void release(ServletRequest request) {
		@SuppressWarnings("unchecked")
		List<CacheLock> locks = (List<CacheLock>) request.getAttribute(ATTRIBUTE);
		if (locks == null) {
			return;
		}
		request.removeAttribute(ATTRIBUTE);
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
