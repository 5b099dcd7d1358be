package dev.cachette.cache.backend;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.cachette.cache.settings.CacheSettings;

/**
 * Logs a {@code CacheKeyWarning} for stored keys memcached would refuse, as Django's
 * {@code BaseCache.validate_key} warns: those of an alias's first such key at WARN, each
 * in Django's exact words ({@link KeyWarnings}), followed by one line saying how to
 * silence them, later ones at DEBUG (Python shows a warning once per call site). One per
 * alias, shared by its version views; option {@code key-warnings: false} turns it off.
 */
final class KeyWarningLog {

	private static final Log logger = LogFactory.getLog("dev.cachette.cache.CacheKeyWarning");

	private final String alias;

	private final boolean enabled;

	private final AtomicBoolean logged = new AtomicBoolean();

	KeyWarningLog(CacheSettings settings) {
		this.alias = settings.alias();
		this.enabled = settings.booleanOption("key-warnings", true);
	}

	void check(String key) {
		if (!this.enabled) {
			return;
		}
		List<String> warnings = KeyWarnings.of(key);
		if (warnings.isEmpty()) {
			return;
		}
		if (this.logged.compareAndSet(false, true)) {
			warnings.forEach(logger::warn);
			logger.warn("Cache '" + this.alias + "': keys like this one are not portable to memcached;"
					+ " further key warnings of this alias are logged at DEBUG (silence them with caches." + this.alias
					+ ".options.key-warnings: false)");
		}
		else if (logger.isDebugEnabled()) {
			warnings.forEach(logger::debug);
		}
	}

}
