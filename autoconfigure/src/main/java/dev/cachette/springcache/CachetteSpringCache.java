package dev.cachette.springcache;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.cache.support.AbstractValueAdaptingCache;
import org.springframework.cache.support.NullValue;

import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheUnavailableException;
import dev.cachette.cache.backend.BaseCache;

/**
 * One alias as Spring's {@link org.springframework.cache.Cache}.
 *
 * <p>
 * <b>Keys</b>: Spring's key object becomes a string with {@code String.valueOf} (a
 * {@code SimpleKey} of several arguments is {@code SimpleKey [a,b]}), in which
 * whitespace, control characters and {@code %} are percent-encoded, so every key is also
 * a valid memcached key, and two different strings never meet. The alias's key function
 * then applies ({@code prefix:version:key}), as for every other call.
 *
 * <p>
 * <b>Nulls</b>: with {@code allowNullValues} (Spring's default) a {@code null} result is
 * stored as Cachette's own stored null, which every backend keeps, so no Spring type is
 * ever serialized; without it, caching {@code null} throws, as Spring specifies.
 *
 * <p>
 * <b>{@code sync = true}</b>: {@link #get(Object, Callable)} computes a missing value
 * once per key within this JVM (one lock per key hash, out of 64), and other JVMs sharing
 * the alias may compute it too.
 *
 * <p>
 * Timeouts are the alias's default timeout; the per-entry form of the low-level API
 * remains for what needs another.
 */
public class CachetteSpringCache extends AbstractValueAdaptingCache {

	private static final Object ABSENT = new Object();

	private static final int LOCKS = 64;

	private final Cache cache;

	private final ReentrantLock[] locks = new ReentrantLock[LOCKS];

	/**
	 * Creates the adapter.
	 * @param cache the alias
	 * @param allowNullValues whether {@code null} values may be cached
	 */
	public CachetteSpringCache(Cache cache, boolean allowNullValues) {
		super(allowNullValues);
		this.cache = cache;
		for (int i = 0; i < LOCKS; i++) {
			this.locks[i] = new ReentrantLock();
		}
	}

	@Override
	public String getName() {
		return this.cache.alias();
	}

	@Override
	public Cache getNativeCache() {
		return this.cache;
	}

	@Override
	protected @Nullable Object lookup(Object key) {
		return fromCachette(this.cache.get(toKey(key), ABSENT));
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
		String stringKey = toKey(key);
		Object found = this.cache.get(stringKey, ABSENT);
		if (found != ABSENT) {
			return (T) found;
		}
		ReentrantLock lock = this.locks[(stringKey.hashCode() & 0x7fffffff) % LOCKS];
		lock.lock();
		try {
			found = this.cache.get(stringKey, ABSENT);
			if (found != ABSENT) {
				return (T) found;
			}
			T value;
			try {
				value = valueLoader.call();
			}
			catch (Exception ex) {
				throw new ValueRetrievalException(key, valueLoader, ex);
			}
			this.cache.set(stringKey, toCachette(value));
			return value;
		}
		finally {
			lock.unlock();
		}
	}

	@Override
	public @Nullable CompletableFuture<?> retrieve(Object key) {
		return this.cache.async()
			.get(toKey(key), ABSENT)
			.thenApply((value) -> (value == ABSENT) ? null
					: isAllowNullValues() ? toValueWrapper(fromCachette(value)) : value);
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
		String stringKey = toKey(key);
		return this.cache.async().get(stringKey, ABSENT).thenCompose((value) -> {
			if (value != ABSENT) {
				return CompletableFuture.completedFuture((T) value);
			}
			return valueLoader.get()
				.thenCompose(
						(loaded) -> this.cache.async().set(stringKey, toCachette(loaded)).thenApply((done) -> loaded));
		});
	}

	@Override
	public void put(Object key, @Nullable Object value) {
		this.cache.set(toKey(key), toCachette(value));
	}

	@Override
	public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
		String stringKey = toKey(key);
		Object stored = toCachette(value);
		try {
			if (this.cache.add(stringKey, stored)) {
				return null;
			}
		}
		catch (CacheUnavailableException ex) {
			// Fail-open as the alias's other calls: no mapping is known, and the caller
			// carries on with its own value.
			if (this.cache instanceof BaseCache base && base.isStrict()) {
				throw ex;
			}
			return null;
		}
		Object existing = this.cache.get(stringKey, ABSENT);
		return (existing != ABSENT) ? toValueWrapper(fromCachette(existing)) : null;
	}

	@Override
	public void evict(Object key) {
		this.cache.delete(toKey(key));
	}

	@Override
	public boolean evictIfPresent(Object key) {
		return this.cache.delete(toKey(key));
	}

	@Override
	public void clear() {
		this.cache.clear();
	}

	@Override
	public boolean invalidate() {
		this.cache.clear();
		return true;
	}

	/** Spring's stored form to Cachette's: NullValue (allowed nulls) is a stored null. */
	private @Nullable Object toCachette(@Nullable Object value) {
		Object stored = toStoreValue(value);
		return (stored == NullValue.INSTANCE) ? null : stored;
	}

	/** Cachette's value to Spring's stored form, or null for a miss. */
	private @Nullable Object fromCachette(@Nullable Object value) {
		if (value == ABSENT) {
			return null;
		}
		return (value != null) ? value : NullValue.INSTANCE;
	}

	/**
	 * Turns Spring's key into a Cachette key: {@code String.valueOf}, with whitespace,
	 * control characters and {@code %} percent-encoded.
	 * @param key Spring's key
	 * @return the key
	 */
	static String toKey(Object key) {
		String text = String.valueOf(key);
		StringBuilder encoded = null;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			boolean escape = c <= ' ' || c == 127 || c == '%' || Character.isWhitespace(c) || Character.isISOControl(c);
			if (escape && encoded == null) {
				encoded = new StringBuilder(text.length() + 8).append(text, 0, i);
			}
			if (escape) {
				for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
					encoded.append('%')
						.append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
						.append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
				}
			}
			else if (encoded != null) {
				encoded.append(c);
			}
		}
		return (encoded != null) ? encoded.toString() : text;
	}

}
