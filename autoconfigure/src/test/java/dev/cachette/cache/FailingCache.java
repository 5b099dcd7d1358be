package dev.cachette.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.cachette.cache.settings.CacheSettings;

/**
 * A {@link Cache} whose server is down: every operation that would touch the store throws
 * {@code CacheException("cache down")}, for tests that prove a caller fails open (serves
 * uncached, logs, counts) instead of failing the request.
 *
 * <p>
 * What needs no server still answers, as on a real cache whose server is unreachable:
 * {@link #alias}, {@link #defaultVersion}, {@link #defaultTimeout}, {@link #makeKey}
 * (Django's default key function, no prefix), {@link #validateKey} (accepts every key),
 * {@link #withVersion} and {@link #async()}, whose futures complete exceptionally with
 * the same exception. {@link #close} does nothing, since {@link Cache#close} never
 * throws. {@link #attempts()} counts the operations that failed.
 */
public class FailingCache implements Cache {

	/** The message of every exception thrown. */
	public static final String MESSAGE = "cache down";

	private final String alias;

	private final int version;

	private final AtomicInteger attempts;

	/** Creates a failing cache for the {@code default} alias. */
	public FailingCache() {
		this(Caches.DEFAULT_ALIAS);
	}

	/**
	 * Creates a failing cache for an alias.
	 * @param alias the alias it reports
	 */
	public FailingCache(String alias) {
		this(alias, 1, new AtomicInteger());
	}

	private FailingCache(String alias, int version, AtomicInteger attempts) {
		this.alias = alias;
		this.version = version;
		this.attempts = attempts;
	}

	/**
	 * Returns how many operations failed, views included.
	 * @return the number of failed operations
	 */
	public int attempts() {
		return this.attempts.get();
	}

	private CacheException down() {
		this.attempts.incrementAndGet();
		return new CacheException(MESSAGE);
	}

	@Override
	public String alias() {
		return this.alias;
	}

	@Override
	public int defaultVersion() {
		return this.version;
	}

	@Override
	public Duration defaultTimeout() {
		return CacheSettings.DEFAULT_TIMEOUT;
	}

	@Override
	public Cache withVersion(int version) {
		return new FailingCache(this.alias, version, this.attempts);
	}

	@Override
	public AsyncCache async() {
		return new ExecutorAsyncCache(this, Runnable::run);
	}

	@Override
	public String makeKey(String key) {
		return KeyFunction.DEFAULT.makeKey(key, "", this.version);
	}

	@Override
	public void validateKey(String key) {
	}

	@Override
	public <T> @Nullable T get(String key) {
		throw down();
	}

	@Override
	public <T> @Nullable T get(String key, @Nullable T defaultValue) {
		throw down();
	}

	@Override
	public Map<String, @Nullable Object> getMany(Collection<String> keys) {
		throw down();
	}

	@Override
	public boolean hasKey(String key) {
		throw down();
	}

	@Override
	public void set(String key, @Nullable Object value) {
		throw down();
	}

	@Override
	public void set(String key, @Nullable Object value, Duration timeout) {
		throw down();
	}

	@Override
	public boolean add(String key, @Nullable Object value) {
		throw down();
	}

	@Override
	public boolean add(String key, @Nullable Object value, Duration timeout) {
		throw down();
	}

	@Override
	public <T> @Nullable T getOrSet(String key, Supplier<? extends @Nullable T> supplier) {
		throw down();
	}

	@Override
	public <T> @Nullable T getOrSet(String key, Supplier<? extends @Nullable T> supplier, Duration timeout) {
		throw down();
	}

	@Override
	public <T> @Nullable T getOrSet(String key, @Nullable T value) {
		throw down();
	}

	@Override
	public List<String> setMany(Map<String, ? extends @Nullable Object> values) {
		throw down();
	}

	@Override
	public List<String> setMany(Map<String, ? extends @Nullable Object> values, Duration timeout) {
		throw down();
	}

	@Override
	public boolean touch(String key) {
		throw down();
	}

	@Override
	public boolean touch(String key, Duration timeout) {
		throw down();
	}

	@Override
	public long incr(String key) {
		throw down();
	}

	@Override
	public long incr(String key, long delta) {
		throw down();
	}

	@Override
	public long decr(String key) {
		throw down();
	}

	@Override
	public long decr(String key, long delta) {
		throw down();
	}

	@Override
	public boolean delete(String key) {
		throw down();
	}

	@Override
	public void deleteMany(Collection<String> keys) {
		throw down();
	}

	@Override
	public void clear() {
		throw down();
	}

	@Override
	public int incrVersion(String key) {
		throw down();
	}

	@Override
	public int incrVersion(String key, int delta) {
		throw down();
	}

	@Override
	public int decrVersion(String key) {
		throw down();
	}

	@Override
	public int decrVersion(String key, int delta) {
		throw down();
	}

	@Override
	public void close() {
	}

	@Override
	public String toString() {
		return "FailingCache[alias=" + this.alias + ", version=" + this.version + "]";
	}

}
