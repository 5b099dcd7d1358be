package dev.cachette.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The asynchronous face of a {@link Cache}: Django's {@code aget}, {@code aset},
 * {@code aget_or_set}, ... as methods returning {@link CompletableFuture}.
 *
 * <p>
 * Each method has exactly the semantics of the {@link Cache} method of the same name and
 * parameters; errors it would throw complete the future exceptionally instead. Local
 * backends complete the future on the calling thread (there is nothing to wait for);
 * network backends run the operation off the calling thread, on the executor given to the
 * cache. Obtain one with {@link Cache#async()}.
 */
public interface AsyncCache {

	/**
	 * Returns the asynchronous face of a cache that runs each operation on an executor,
	 * as Django's {@code aget} and friends run the synchronous ones through
	 * {@code sync_to_async}: what {@code BaseCache.async()} returns, and what a
	 * {@link Cache} written from scratch can return. With a direct executor the future is
	 * complete when returned.
	 * @param cache the synchronous cache
	 * @param executor where the operations run
	 * @return the asynchronous face
	 */
	static AsyncCache of(Cache cache, Executor executor) {
		return new ExecutorAsyncCache(cache, executor);
	}

	/**
	 * Returns the synchronous cache this view belongs to.
	 * @return the cache
	 */
	Cache sync();

	/** @see Cache#get(String) */
	<T> CompletableFuture<@Nullable T> get(String key);

	/** @see Cache#get(String, Object) */
	<T> CompletableFuture<@Nullable T> get(String key, @Nullable T defaultValue);

	/** @see Cache#getMany(Collection) */
	CompletableFuture<Map<String, @Nullable Object>> getMany(Collection<String> keys);

	/** @see Cache#hasKey(String) */
	CompletableFuture<Boolean> hasKey(String key);

	/** @see Cache#set(String, Object) */
	CompletableFuture<Void> set(String key, @Nullable Object value);

	/** @see Cache#set(String, Object, Duration) */
	CompletableFuture<Void> set(String key, @Nullable Object value, Duration timeout);

	/** @see Cache#add(String, Object) */
	CompletableFuture<Boolean> add(String key, @Nullable Object value);

	/** @see Cache#add(String, Object, Duration) */
	CompletableFuture<Boolean> add(String key, @Nullable Object value, Duration timeout);

	/** @see Cache#getOrSet(String, Supplier) */
	<T> CompletableFuture<@Nullable T> getOrSet(String key, Supplier<? extends @Nullable T> supplier);

	/** @see Cache#getOrSet(String, Supplier, Duration) */
	<T> CompletableFuture<@Nullable T> getOrSet(String key, Supplier<? extends @Nullable T> supplier, Duration timeout);

	/** @see Cache#getOrSet(String, Object) */
	<T> CompletableFuture<@Nullable T> getOrSet(String key, @Nullable T value);

	/** @see Cache#setMany(Map) */
	CompletableFuture<List<String>> setMany(Map<String, ? extends @Nullable Object> values);

	/** @see Cache#setMany(Map, Duration) */
	CompletableFuture<List<String>> setMany(Map<String, ? extends @Nullable Object> values, Duration timeout);

	/** @see Cache#touch(String) */
	CompletableFuture<Boolean> touch(String key);

	/** @see Cache#touch(String, Duration) */
	CompletableFuture<Boolean> touch(String key, Duration timeout);

	/** @see Cache#incr(String) */
	CompletableFuture<Long> incr(String key);

	/** @see Cache#incr(String, long) */
	CompletableFuture<Long> incr(String key, long delta);

	/** @see Cache#decr(String) */
	CompletableFuture<Long> decr(String key);

	/** @see Cache#decr(String, long) */
	CompletableFuture<Long> decr(String key, long delta);

	/** @see Cache#delete(String) */
	CompletableFuture<Boolean> delete(String key);

	/** @see Cache#deleteMany(Collection) */
	CompletableFuture<Void> deleteMany(Collection<String> keys);

	/** @see Cache#clear() */
	CompletableFuture<Void> clear();

	/** @see Cache#incrVersion(String) */
	CompletableFuture<Integer> incrVersion(String key);

	/** @see Cache#incrVersion(String, int) */
	CompletableFuture<Integer> incrVersion(String key, int delta);

	/** @see Cache#decrVersion(String) */
	CompletableFuture<Integer> decrVersion(String key);

	/** @see Cache#decrVersion(String, int) */
	CompletableFuture<Integer> decrVersion(String key, int delta);

	/** @see Cache#close() */
	CompletableFuture<Void> close();

}
