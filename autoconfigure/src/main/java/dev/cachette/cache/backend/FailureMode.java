package dev.cachette.cache.backend;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.cachette.cache.CacheUnavailableException;
import dev.cachette.cache.InvalidCacheBackendException;
import dev.cachette.cache.settings.CacheSettings;

/**
 * How an alias answers when its backend cannot be reached, from its options:
 * <ul>
 * <li>{@link #FAIL_OPEN}, the default: where a miss is an honest answer the call answers
 * it (reads miss, writes and deletes report {@code false} or the failed keys,
 * {@code getOrSet} computes and returns the value); operations whose result matters
 * ({@code incr}/{@code decr}, {@code add}, {@code incrVersion}, a {@code lock} with a
 * lease) throw {@link CacheUnavailableException}.</li>
 * <li>{@link #STRICT}, {@code strict: true}: every operation throws, as Django does.</li>
 * <li>{@link #IGNORE_EXCEPTIONS}, the deprecated {@code ignore-exceptions: true}
 * (django-redis's {@code IGNORE_EXCEPTIONS}): fail-open, and {@code add} reports
 * {@code false} and a lock is taken without its lease instead of throwing. Counters still
 * throw: no number is an honest answer. {@code ignore-exceptions: false}, the old
 * default, means {@code strict: true}.</li>
 * </ul>
 */
enum FailureMode {

	/** The default. */
	FAIL_OPEN,

	/** {@code strict: true}. */
	STRICT,

	/** {@code ignore-exceptions: true}. */
	IGNORE_EXCEPTIONS;

	private static final Log logger = LogFactory.getLog(FailureMode.class);

	/**
	 * Reads the mode from the options.
	 * @param settings the alias settings
	 * @param warn whether to log the deprecation of {@code ignore-exceptions}
	 * @return the mode
	 * @throws InvalidCacheBackendException if {@code strict} and
	 * {@code ignore-exceptions} contradict each other
	 */
	static FailureMode of(CacheSettings settings, boolean warn) {
		boolean strict = settings.booleanOption("strict", false);
		if (settings.option("ignore-exceptions") == null) {
			return strict ? STRICT : FAIL_OPEN;
		}
		boolean ignore = settings.booleanOption("ignore-exceptions", false);
		if (strict && ignore) {
			throw settings.invalidOption("ignore-exceptions", true,
					"left out when strict is true (strict throws every failure, ignore-exceptions hides them)");
		}
		if (warn) {
			logger.warn("caches." + settings.alias() + ".options.ignore-exceptions is deprecated: failures are read as"
					+ " misses by default now; "
					+ (ignore ? "remove it, unless add and a leased lock must not throw either"
							: "use strict: true instead"));
		}
		return ignore ? IGNORE_EXCEPTIONS : STRICT;
	}

}
