package dev.cachette.cache.backend.file;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The cache directories open in this JVM, one {@link Store} per real path, shared by the
 * aliases that name the same directory: they must share the key locks (a record lock
 * taken twice by one process does not exclude) and the file count the culler keeps. A
 * store lives while an alias uses it; the last {@code close()} releases its lock file.
 */
final class SharedDirectories {

	static final SharedDirectories INSTANCE = new SharedDirectories();

	private final Map<Path, Store> stores = new HashMap<>();

	synchronized Store acquire(Path realPath) {
		Store store = this.stores.computeIfAbsent(realPath, Store::new);
		store.users++;
		return store;
	}

	synchronized void release(Store store) {
		store.users--;
		if (store.users == 0 && this.stores.get(store.directory.path()) == store) {
			this.stores.remove(store.directory.path());
			store.locks.close();
		}
	}

	/** One directory, its key locks, its culler, and the number of aliases using it. */
	static final class Store {

		private final CacheDirectory directory;

		private final KeyLocks locks;

		private final Culler culler = new Culler();

		private int users;

		Store(Path path) {
			this.directory = new CacheDirectory(path);
			this.locks = new KeyLocks(path);
		}

		CacheDirectory directory() {
			return this.directory;
		}

		KeyLocks locks() {
			return this.locks;
		}

		Culler culler() {
			return this.culler;
		}

	}

}
