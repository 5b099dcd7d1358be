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
 * Runs each synchronous operation on an executor, as Django's {@code aget} and friends
 * run the synchronous ones through {@code sync_to_async}. With a direct executor (local
 * backends) the future is complete when returned.
 */
final class ExecutorAsyncCache implements AsyncCache {

	private final Cache cache;

	private final Executor executor;

	ExecutorAsyncCache(Cache cache, Executor executor) {
		this.cache = cache;
		this.executor = executor;
	}

	private <R> CompletableFuture<R> run(Supplier<R> operation) {
		return CompletableFuture.supplyAsync(operation, this.executor);
	}

	private CompletableFuture<Void> runVoid(Runnable operation) {
		return CompletableFuture.runAsync(operation, this.executor);
	}

	@Override
	public Cache sync() {
		return this.cache;
	}

	@Override
	public <T> CompletableFuture<@Nullable T> get(String key) {
		return run(() -> this.cache.get(key));
	}

	@Override
	public <T> CompletableFuture<@Nullable T> get(String key, @Nullable T defaultValue) {
		return run(() -> this.cache.get(key, defaultValue));
	}

	@Override
	public CompletableFuture<Map<String, @Nullable Object>> getMany(Collection<String> keys) {
		return run(() -> this.cache.getMany(keys));
	}

	@Override
	public CompletableFuture<Boolean> hasKey(String key) {
		return run(() -> this.cache.hasKey(key));
	}

	@Override
	public CompletableFuture<Void> set(String key, @Nullable Object value) {
		return runVoid(() -> this.cache.set(key, value));
	}

	@Override
	public CompletableFuture<Void> set(String key, @Nullable Object value, Duration timeout) {
		return runVoid(() -> this.cache.set(key, value, timeout));
	}

	@Override
	public CompletableFuture<Boolean> add(String key, @Nullable Object value) {
		return run(() -> this.cache.add(key, value));
	}

	@Override
	public CompletableFuture<Boolean> add(String key, @Nullable Object value, Duration timeout) {
		return run(() -> this.cache.add(key, value, timeout));
	}

	@Override
	public <T> CompletableFuture<@Nullable T> getOrSet(String key, Supplier<? extends @Nullable T> supplier) {
		return run(() -> this.cache.getOrSet(key, supplier));
	}

	@Override
	public <T> CompletableFuture<@Nullable T> getOrSet(String key, Supplier<? extends @Nullable T> supplier,
			Duration timeout) {
		return run(() -> this.cache.getOrSet(key, supplier, timeout));
	}

	@Override
	public <T> CompletableFuture<@Nullable T> getOrSet(String key, @Nullable T value) {
		return run(() -> this.cache.getOrSet(key, value));
	}

	@Override
	public CompletableFuture<List<String>> setMany(Map<String, ? extends @Nullable Object> values) {
		return run(() -> this.cache.setMany(values));
	}

	@Override
	public CompletableFuture<List<String>> setMany(Map<String, ? extends @Nullable Object> values, Duration timeout) {
		return run(() -> this.cache.setMany(values, timeout));
	}

	@Override
	public CompletableFuture<Boolean> touch(String key) {
		return run(() -> this.cache.touch(key));
	}

	@Override
	public CompletableFuture<Boolean> touch(String key, Duration timeout) {
		return run(() -> this.cache.touch(key, timeout));
	}

	@Override
	public CompletableFuture<Long> incr(String key) {
		return run(() -> this.cache.incr(key));
	}

	@Override
	public CompletableFuture<Long> incr(String key, long delta) {
		return run(() -> this.cache.incr(key, delta));
	}

	@Override
	public CompletableFuture<Long> decr(String key) {
		return run(() -> this.cache.decr(key));
	}

	@Override
	public CompletableFuture<Long> decr(String key, long delta) {
		return run(() -> this.cache.decr(key, delta));
	}

	@Override
	public CompletableFuture<Boolean> delete(String key) {
		return run(() -> this.cache.delete(key));
	}

	@Override
	public CompletableFuture<Void> deleteMany(Collection<String> keys) {
		return runVoid(() -> this.cache.deleteMany(keys));
	}

	@Override
	public CompletableFuture<Void> clear() {
		return runVoid(this.cache::clear);
	}

	@Override
	public CompletableFuture<Integer> incrVersion(String key) {
		return run(() -> this.cache.incrVersion(key));
	}

	@Override
	public CompletableFuture<Integer> incrVersion(String key, int delta) {
		return run(() -> this.cache.incrVersion(key, delta));
	}

	@Override
	public CompletableFuture<Integer> decrVersion(String key) {
		return run(() -> this.cache.decrVersion(key));
	}

	@Override
	public CompletableFuture<Integer> decrVersion(String key, int delta) {
		return run(() -> this.cache.decrVersion(key, delta));
	}

	@Override
	public CompletableFuture<Void> close() {
		return runVoid(this.cache::close);
	}

}
