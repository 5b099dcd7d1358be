package dev.cachette.cache.backend.locmem;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import com.github.benmanes.caffeine.cache.Ticker;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.cachette.cache.InvalidCacheBackendException;

/**
 * The JVM's local-memory stores by location, Django's module-level {@code _caches}. A
 * store lives while an alias uses it: the last {@code close()} drops it. With
 * {@code eviction: lru} each alias culls the shared store at its own {@code max-entries}
 * and {@code cull-frequency}, as Django's {@code _cull} runs in the writing alias; a
 * Caffeine store ({@code w-tinylfu}) has one bound, the first alias's.
 */
final class SharedStores {

	static final SharedStores INSTANCE = new SharedStores();

	private static final Log logger = LogFactory.getLog(SharedStores.class);

	private final Map<String, Store> stores = new HashMap<>();

	/**
	 * Finds or creates the location's store and returns it as the alias sees it.
	 * @throws InvalidCacheBackendException if the location's store was created with
	 * another eviction policy, which one store cannot follow
	 */
	synchronized Lease acquire(String location, LocMemOptions options, Ticker ticker, String alias) {
		Store store = this.stores.get(location);
		if (store == null) {
			store = new Store(location, alias, options, ticker);
			this.stores.put(location, store);
		}
		else if (store.options.eviction() != options.eviction()) {
			throw new InvalidCacheBackendException("caches." + alias + ".options.eviction is " + options.eviction()
					+ ", but cache '" + store.creator + "' shares its local-memory store '" + location + "' with "
					+ "eviction " + store.options.eviction() + ": aliases with one location must use one policy");
		}
		else if (options.eviction() == Eviction.W_TINYLFU
				&& store.options.culling().maxEntries() != options.culling().maxEntries()) {
			logger.warn("Cache '" + alias + "' shares the local-memory store '" + location
					+ "' (eviction: w-tinylfu), created with max-entries " + store.options.culling().maxEntries()
					+ "; its own max-entries " + options.culling().maxEntries() + " is ignored");
		}
		store.users++;
		return new Lease(store, store.view(options, ticker));
	}

	synchronized void release(Lease lease) {
		Store store = lease.store;
		store.users--;
		if (store.users == 0 && this.stores.get(store.location) == store) {
			this.stores.remove(store.location);
			lease.view.clear();
		}
	}

	/** An alias's use of a store: its view, and what to release on close. */
	record Lease(Store store, LocalStore view) {
	}

	/** One shared store, the options it was created with, and the aliases using it. */
	static final class Store {

		private final String location;

		private final String creator;

		private final LocMemOptions options;

		private final @Nullable LruStore lru;

		private final @Nullable TinyLfuStore tinyLfu;

		private int users;

		Store(String location, String creator, LocMemOptions options, Ticker ticker) {
			this.location = location;
			this.creator = creator;
			this.options = options;
			boolean lru = options.eviction() == Eviction.LRU;
			this.lru = lru ? new LruStore() : null;
			this.tinyLfu = lru ? null : new TinyLfuStore(options.culling().maxEntries(), ticker);
		}

		/** The store as an alias with these options and this clock sees it. */
		LocalStore view(LocMemOptions options, Ticker ticker) {
			if (this.lru != null) {
				return this.lru.view(options.culling(), ticker);
			}
			return Objects.requireNonNull(this.tinyLfu);
		}

	}

}
