package dev.cachette.cache;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import dev.cachette.cache.backend.BaseCache;
import dev.cachette.cache.settings.CacheSettings;

/**
 * A backend that stands for a network one (not {@link #isLocal() local}, so its calls are
 * timed) and keeps its entries in a map, ignoring expiry. While {@link #down} is set,
 * every primitive throws {@link CacheUnavailableException}, as a backend whose server is
 * stopped does. Usable as
 * {@code caches.<alias>.backend: dev.cachette.cache.TestRemoteCache}, with
 * {@code options.down: true} for a server that never answers.
 */
public class TestRemoteCache extends BaseCache {

	private final Map<String, Object> entries = new ConcurrentHashMap<>();

	/** Whether the "server" is stopped. */
	public volatile boolean down;

	/** How many primitives reached the "server", failed ones included. */
	public final AtomicInteger calls = new AtomicInteger();

	/**
	 * Creates the cache.
	 * @param settings the alias settings; option {@code down}
	 */
	public TestRemoteCache(CacheSettings settings) {
		super(settings);
		this.down = settings.booleanOption("down", false);
	}

	private void check(String operation) {
		this.calls.incrementAndGet();
		if (this.down) {
			throw unavailable("test-server:1", operation, new java.net.ConnectException("Connection refused"));
		}
	}

	@Override
	protected @Nullable Object getValue(String key) {
		check("get");
		Object value = this.entries.get(key);
		return (value == null) ? MISSING : (value == Null.INSTANCE) ? null : value;
	}

	@Override
	protected void setValue(String key, @Nullable Object value, Duration timeout) {
		check("set");
		this.entries.put(key, (value != null) ? value : Null.INSTANCE);
	}

	@Override
	protected boolean addValue(String key, @Nullable Object value, Duration timeout) {
		check("add");
		return this.entries.putIfAbsent(key, (value != null) ? value : Null.INSTANCE) == null;
	}

	@Override
	protected boolean touchValue(String key, Duration timeout) {
		check("touch");
		return this.entries.containsKey(key);
	}

	@Override
	protected boolean deleteValue(String key) {
		check("delete");
		return this.entries.remove(key) != null;
	}

	@Override
	protected @Nullable Long incrValue(String key, long delta) {
		check("increment");
		Object value = this.entries.computeIfPresent(key, (k, v) -> (Long) v + delta);
		return (Long) value;
	}

	@Override
	protected void clearValues() {
		check("clear");
		this.entries.clear();
	}

	@Override
	protected Long storeSize() {
		return (long) this.entries.size();
	}

	private enum Null {

		INSTANCE

	}

}
