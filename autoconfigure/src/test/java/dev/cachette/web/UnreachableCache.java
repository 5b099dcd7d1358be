package dev.cachette.web;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import dev.cachette.cache.BaseCache;
import dev.cachette.cache.CacheSettings;

/**
 * A cache whose server is down: every operation fails with
 * {@code CacheUnavailableException}, and the attempts are counted, so a test can prove
 * that the page cache survives it and backs off.
 */
class UnreachableCache extends BaseCache {

	final AtomicInteger attempts = new AtomicInteger();

	UnreachableCache(CacheSettings settings) {
		super(settings);
	}

	private RuntimeException down(String operation) {
		this.attempts.incrementAndGet();
		return unavailable("cache.invalid:6379", operation, new java.net.ConnectException("Connection refused"));
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
