package dev.cachette.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * A {@link Cache} that forwards every call to another cache and counts the calls, per
 * operation: for tests that prove a page or fragment is computed once, or that a hit
 * costs one {@code get}.
 *
 * <p>
 * An operation is counted by its method name, overloads together: {@code get(key)} and
 * {@code get(key, default)} both count as {@code "get"}. Only calls made on this wrapper
 * count, not what the wrapped cache does to serve them (a {@code getOrSet} counts once,
 * not as a {@code get} and an {@code add}). Operations that touch the store are counted
 * ({@code get}, {@code getMany}, {@code hasKey}, {@code set}, {@code add},
 * {@code getOrSet}, {@code setMany}, {@code touch}, {@code incr}, {@code decr},
 * {@code delete}, {@code deleteMany}, {@code clear}, {@code incrVersion},
 * {@code decrVersion}, {@code close}); the rest ({@code alias}, {@code makeKey}, ...) is
 * forwarded uncounted. Views from {@link #withVersion} and {@link #async()} count into
 * the same counters; {@code async()} runs each call on the calling thread.
 *
 * <pre class="code">
 * CountingCache cache = new CountingCache(new LocMemCache(settings));
 * render(cache);
 * render(cache);
 * assertThat(cache.count("set")).isEqualTo(1);
 * </pre>
 */
public class CountingCache implements Cache {

	private final Cache delegate;

	private final Map<String, AtomicInteger> counts;

	/**
	 * Wraps a cache.
	 * @param delegate the cache every call goes to
	 */
	public CountingCache(Cache delegate) {
		this(delegate, new ConcurrentHashMap<>());
	}

	private CountingCache(Cache delegate, Map<String, AtomicInteger> counts) {
		this.delegate = delegate;
		this.counts = counts;
	}

	/**
	 * Returns how many times an operation was called.
	 * @param operation the method name, such as {@code "get"} or {@code "getOrSet"}
	 * @return the number of calls, zero if none
	 */
	public int count(String operation) {
		AtomicInteger count = this.counts.get(operation);
		return (count != null) ? count.get() : 0;
	}

	/**
	 * Returns the count of every operation called at least once, by name.
	 * @return a sorted snapshot of the counts
	 */
	public Map<String, Integer> counts() {
		Map<String, Integer> snapshot = new TreeMap<>();
		this.counts.forEach((operation, count) -> snapshot.put(operation, count.get()));
		return snapshot;
	}

	/**
	 * Returns how many counted calls were made, all operations together.
	 * @return the number of calls
	 */
	public int total() {
		return this.counts.values().stream().mapToInt(AtomicInteger::get).sum();
	}

	/** Sets every count back to zero. */
	public void reset() {
		this.counts.clear();
	}

	/**
	 * Returns the wrapped cache, to set up state without counting.
	 * @return the wrapped cache
	 */
	public Cache delegate() {
		return this.delegate;
	}

	private void record(String operation) {
		this.counts.computeIfAbsent(operation, (name) -> new AtomicInteger()).incrementAndGet();
	}

	@Override
	public String alias() {
		return this.delegate.alias();
	}

	@Override
	public int defaultVersion() {
		return this.delegate.defaultVersion();
	}

	@Override
	public Duration defaultTimeout() {
		return this.delegate.defaultTimeout();
	}

	@Override
	public Cache withVersion(int version) {
		return new CountingCache(this.delegate.withVersion(version), this.counts);
	}

	@Override
	public AsyncCache async() {
		return new ExecutorAsyncCache(this, Runnable::run);
	}

	@Override
	public String makeKey(String key) {
		return this.delegate.makeKey(key);
	}

	@Override
	public void validateKey(String key) {
		this.delegate.validateKey(key);
	}

	@Override
	public <T> @Nullable T get(String key) {
		record("get");
		return this.delegate.get(key);
	}

	@Override
	public <T> @Nullable T get(String key, @Nullable T defaultValue) {
		record("get");
		return this.delegate.get(key, defaultValue);
	}

	@Override
	public Map<String, @Nullable Object> getMany(Collection<String> keys) {
		record("getMany");
		return this.delegate.getMany(keys);
	}

	@Override
	public boolean hasKey(String key) {
		record("hasKey");
		return this.delegate.hasKey(key);
	}

	@Override
	public void set(String key, @Nullable Object value) {
		record("set");
		this.delegate.set(key, value);
	}

	@Override
	public void set(String key, @Nullable Object value, Duration timeout) {
		record("set");
		this.delegate.set(key, value, timeout);
	}

	@Override
	public boolean add(String key, @Nullable Object value) {
		record("add");
		return this.delegate.add(key, value);
	}

	@Override
	public boolean add(String key, @Nullable Object value, Duration timeout) {
		record("add");
		return this.delegate.add(key, value, timeout);
	}

	@Override
	public <T> @Nullable T getOrSet(String key, Supplier<? extends @Nullable T> supplier) {
		record("getOrSet");
		return this.delegate.getOrSet(key, supplier);
	}

	@Override
	public <T> @Nullable T getOrSet(String key, Supplier<? extends @Nullable T> supplier, Duration timeout) {
		record("getOrSet");
		return this.delegate.getOrSet(key, supplier, timeout);
	}

	@Override
	public <T> @Nullable T getOrSet(String key, @Nullable T value) {
		record("getOrSet");
		return this.delegate.getOrSet(key, value);
	}

	@Override
	public List<String> setMany(Map<String, ? extends @Nullable Object> values) {
		record("setMany");
		return this.delegate.setMany(values);
	}

	@Override
	public List<String> setMany(Map<String, ? extends @Nullable Object> values, Duration timeout) {
		record("setMany");
		return this.delegate.setMany(values, timeout);
	}

	@Override
	public boolean touch(String key) {
		record("touch");
		return this.delegate.touch(key);
	}

	@Override
	public boolean touch(String key, Duration timeout) {
		record("touch");
		return this.delegate.touch(key, timeout);
	}

	@Override
	public long incr(String key) {
		record("incr");
		return this.delegate.incr(key);
	}

	@Override
	public long incr(String key, long delta) {
		record("incr");
		return this.delegate.incr(key, delta);
	}

	@Override
	public long decr(String key) {
		record("decr");
		return this.delegate.decr(key);
	}

	@Override
	public long decr(String key, long delta) {
		record("decr");
		return this.delegate.decr(key, delta);
	}

	@Override
	public boolean delete(String key) {
		record("delete");
		return this.delegate.delete(key);
	}

	@Override
	public void deleteMany(Collection<String> keys) {
		record("deleteMany");
		this.delegate.deleteMany(keys);
	}

	@Override
	public void clear() {
		record("clear");
		this.delegate.clear();
	}

	@Override
	public int incrVersion(String key) {
		record("incrVersion");
		return this.delegate.incrVersion(key);
	}

	@Override
	public int incrVersion(String key, int delta) {
		record("incrVersion");
		return this.delegate.incrVersion(key, delta);
	}

	@Override
	public int decrVersion(String key) {
		record("decrVersion");
		return this.delegate.decrVersion(key);
	}

	@Override
	public int decrVersion(String key, int delta) {
		record("decrVersion");
		return this.delegate.decrVersion(key, delta);
	}

	@Override
	public void close() {
		record("close");
		this.delegate.close();
	}

	@Override
	public String toString() {
		return "CountingCache[" + this.delegate + ", " + counts() + "]";
	}

}
