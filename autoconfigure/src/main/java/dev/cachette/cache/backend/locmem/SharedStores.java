package dev.cachette.cache.backend.locmem;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The JVM's local-memory stores by location, Django's module-level {@code _caches}. A
 * store lives while an alias uses it: the last {@code close()} drops it.
 */
final class SharedStores {

	static final SharedStores INSTANCE = new SharedStores();

	private static final Log logger = LogFactory.getLog(SharedStores.class);

	private final Map<String, Store> stores = new HashMap<>();

	synchronized Store acquire(String location, int maxEntries, Ticker ticker, String alias) {
		Store store = this.stores.get(location);
		if (store == null) {
			LongAdder evictions = new LongAdder();
			store = new Store(location, maxEntries, newCache(maxEntries, ticker, evictions), evictions);
			this.stores.put(location, store);
		}
		else if (store.maxEntries != maxEntries) {
			logger.warn(
					"Cache '" + alias + "' shares the local-memory store '" + location + "', created with max-entries "
							+ store.maxEntries + "; its own max-entries " + maxEntries + " is ignored");
		}
		store.users++;
		return store;
	}

	synchronized void release(Store store) {
		store.users--;
		if (store.users == 0 && this.stores.get(store.location) == store) {
			this.stores.remove(store.location);
			store.cache.invalidateAll();
		}
	}

	private static Cache<String, Entry> newCache(int maxEntries, Ticker ticker, LongAdder evictions) {
		// Maintenance on the calling thread: evictions and expirations happen during the
		// write that causes them, so the bound holds when the write returns. Evictions
		// (size bound and expiry, not deletes) are counted for metrics; unlike
		// recordStats(), this costs nothing on reads.
		return Caffeine.newBuilder()
			.maximumSize(maxEntries)
			.ticker(ticker)
			.executor(Runnable::run)
			.expireAfter(new EntryExpiry())
			.evictionListener((key, value, cause) -> evictions.increment())
			.build();
	}

	/** One shared store and the number of aliases using it. */
	static final class Store {

		private final String location;

		private final int maxEntries;

		private final Cache<String, Entry> cache;

		private final LongAdder evictions;

		private int users;

		Store(String location, int maxEntries, Cache<String, Entry> cache, LongAdder evictions) {
			this.location = location;
			this.maxEntries = maxEntries;
			this.cache = cache;
			this.evictions = evictions;
		}

		Cache<String, Entry> cache() {
			return this.cache;
		}

		long evictions() {
			return this.evictions.sum();
		}

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
