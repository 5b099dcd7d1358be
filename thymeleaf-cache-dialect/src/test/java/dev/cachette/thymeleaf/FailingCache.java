package dev.cachette.thymeleaf;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.cachette.cache.BaseCache;
import dev.cachette.cache.CacheSettings;
import dev.cachette.cache.CacheUnavailableException;

/**
 * A cache whose server is down: every operation throws {@link CacheUnavailableException},
 * as a network backend does when it cannot connect.
 */
class FailingCache extends BaseCache {

	FailingCache(String alias) {
		super(CacheSettings.builder(alias).backend(FailingCache.class.getName()).build());
	}

	private CacheUnavailableException down(String operation) {
		return new CacheUnavailableException("Cache '" + alias() + "' is down (" + operation + ")",
				new java.net.ConnectException("Connection refused"));
	}

	@Override
	protected @Nullable Object getValue(String key) {
		throw down("get");
	}

	@Override
	protected void setValue(String key, @Nullable Object value, Duration timeout) {
		throw down("set");
	}

	@Override
	protected boolean addValue(String key, @Nullable Object value, Duration timeout) {
		throw down("add");
	}

	@Override
	protected boolean touchValue(String key, Duration timeout) {
		throw down("touch");
	}

	@Override
	protected boolean deleteValue(String key) {
		throw down("delete");
	}

	@Override
	protected @Nullable Long incrValue(String key, long delta) {
		throw down("incr");
	}

	@Override
	protected void clearValues() {
		throw down("clear");
	}

}
