package dev.cachette.cache.backend.locmem;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import org.jspecify.annotations.Nullable;

/**
 * A location on a Caffeine cache ({@code eviction: w-tinylfu}): bounded to the
 * {@code max-entries} of the alias that created it, evicting one entry per entry past the
 * bound by frequency and recency, and expiring each entry at its own time.
 */
final class TinyLfuStore implements LocalStore {

	private final Cache<String, Entry> cache;

	private final LongAdder evictions = new LongAdder();

	TinyLfuStore(int maxEntries, Ticker ticker) {
		// Maintenance on the calling thread: evictions and expirations happen during the
		// write that causes them, so the bound holds when the write returns. Evictions
		// (size bound and expiry, not deletes) are counted for metrics; unlike
		// recordStats(), this costs nothing on reads.
		this.cache = Caffeine.newBuilder()
			.maximumSize(maxEntries)
			.ticker(ticker)
			.executor(Runnable::run)
			.expireAfter(new EntryExpiry())
			.evictionListener((key, value, cause) -> this.evictions.increment())
			.build();
	}

	@Override
	public @Nullable Entry get(String key) {
		return this.cache.getIfPresent(key);
	}

	@Override
	public @Nullable Entry peek(String key) {
		return this.cache.policy().getIfPresentQuietly(key);
	}

	@Override
	public boolean contains(String key) {
		return this.cache.getIfPresent(key) != null;
	}

	@Override
	public void put(String key, Entry entry) {
		this.cache.put(key, entry);
	}

	@Override
	public boolean putIfAbsent(String key, Entry entry) {
		return this.cache.asMap().putIfAbsent(key, entry) == null;
	}

	@Override
	public boolean touch(String key, long expiresAt) {
		return this.cache.asMap().computeIfPresent(key, (k, entry) -> new Entry(entry.value(), expiresAt)) != null;
	}

	@Override
	public @Nullable Entry update(String key, UnaryOperator<Entry> update) {
		return this.cache.asMap().computeIfPresent(key, (k, entry) -> update.apply(entry));
	}

	@Override
	public boolean remove(String key) {
		return this.cache.asMap().remove(key) != null;
	}

	@Override
	public void clear() {
		this.cache.invalidateAll();
	}

	@Override
	public long size() {
		return this.cache.estimatedSize();
	}

	@Override
	public long evictions() {
		return this.evictions.sum();
	}

	/** Expires each entry at its own absolute time; reads do not extend it. */
	private static final class EntryExpiry implements Expiry<String, Entry> {

		@Override
		public long expireAfterCreate(String key, Entry entry, long currentTime) {
			return remaining(entry, currentTime);
		}

		@Override
		public long expireAfterUpdate(String key, Entry entry, long currentTime, long currentDuration) {
			return remaining(entry, currentTime);
		}

		@Override
		public long expireAfterRead(String key, Entry entry, long currentTime, long currentDuration) {
			return currentDuration;
		}

		private static long remaining(Entry entry, long currentTime) {
			return (entry.expiresAt() == Entry.NEVER) ? Long.MAX_VALUE : Math.max(0, entry.expiresAt() - currentTime);
		}

	}

}
