package dev.cachette.cache;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import dev.cachette.cache.backend.BaseCache;
import dev.cachette.cache.settings.CacheSettings;

/**
 * A cache whose server is down: every primitive fails with
 * {@code CacheUnavailableException}, and the attempts are counted, so a test can prove
 * that a layer (the page cache, the fragment dialect) survives it and backs off. A
 * subclass may let some primitives work.
 */
public class UnreachableCache extends BaseCache {

	/** How many primitives were called, each of them failing. */
	public final AtomicInteger attempts = new AtomicInteger();

	/**
	 * Creates the cache.
	 * @param settings the alias settings
	 */
	public UnreachableCache(CacheSettings settings) {
		super(settings);
	}

	/**
	 * Creates the cache with default settings.
	 * @param alias the alias
	 */
	public UnreachableCache(String alias) {
		this(CacheSettings.builder(alias).build());
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
