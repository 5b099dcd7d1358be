package dev.cachette.cache.backend.dummy;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.cachette.cache.backend.BaseCache;
import dev.cachette.cache.settings.CacheSettings;

/**
 * A cache that stores nothing: Django's {@code DummyCache}, for development and for
 * turning caching off without changing code. Every read misses; {@code add} reports
 * success, as Django's does; {@code incr} fails because the key is missing.
 */
public class DummyCache extends BaseCache {

	/**
	 * Creates the cache for an alias.
	 * @param settings the alias settings
	 */
	public DummyCache(CacheSettings settings) {
		super(settings);
	}

	@Override
	protected boolean isLocal() {
		return true;
	}

	@Override
	protected Long storeSize() {
		return 0L;
	}

	@Override
	protected @Nullable Object getValue(String key) {
		return MISSING;
	}

	@Override
	protected void setValue(String key, @Nullable Object value, Duration timeout) {
	}

	@Override
	protected boolean addValue(String key, @Nullable Object value, Duration timeout) {
		return true;
	}

	@Override
	protected boolean touchValue(String key, Duration timeout) {
		return false;
	}

	@Override
	protected boolean deleteValue(String key) {
		return false;
	}

	@Override
	protected @Nullable Long incrValue(String key, long delta) {
		return null;
	}

	@Override
	protected void clearValues() {
	}

}
