package dev.cachette.cache.backend.file;

import java.io.IOException;
import java.time.Clock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.cachette.cache.backend.file.EntryFormat.Entry;
import dev.cachette.cache.settings.CacheSettings;

/**
 * Reads a key's file as the cache sees it: a live entry, or none. What is not a live
 * entry (expired, damaged, a link, a special file, a file over {@code max-entry-size}) is
 * a miss and is deleted, under the key's lock, so that a value written meanwhile is kept.
 */
final class LiveEntries {

	private static final Log logger = LogFactory.getLog(FileBasedCache.class);

	private final CacheDirectory directory;

	private final KeyLocks locks;

	private final int maxEntrySize;

	private final Clock clock;

	private final String alias;

	LiveEntries(CacheDirectory directory, KeyLocks locks, int maxEntrySize, CacheSettings settings) {
		this.directory = directory;
		this.locks = locks;
		this.maxEntrySize = maxEntrySize;
		this.clock = settings.clock();
		this.alias = settings.alias();
	}

	/**
	 * Reads an entry without a lock; an expired or damaged file is re-read under the
	 * key's lock and deleted only if it still is, so a value written meanwhile is kept.
	 */
	@Nullable Entry read(String name) throws IOException {
		byte[] bytes;
		try {
			bytes = this.directory.read(name, this.maxEntrySize);
		}
		catch (CacheDirectory.RefusedFileException ex) {
			return this.locks.withLock(name, () -> readLocked(name));
		}
		if (bytes == null) {
			return null;
		}
		Entry entry = EntryFormat.read(bytes);
		if (entry != null && !entry.isExpired(this.clock.millis())) {
			return entry;
		}
		return this.locks.withLock(name, () -> readLocked(name));
	}

	/**
	 * Under the key's lock: the entry if present and unexpired; an expired file is
	 * deleted (Django's {@code _is_expired}), and so is one that is not a whole entry, a
	 * link, a special file or a file over {@code max-entry-size}, never read.
	 */
	@Nullable Entry readLocked(String name) throws IOException {
		byte[] bytes;
		try {
			bytes = this.directory.read(name, this.maxEntrySize);
		}
		catch (CacheDirectory.RefusedFileException ex) {
			logger.warn("Cache '" + this.alias + "': " + ex.getMessage() + "; deleted and read as a miss");
			this.directory.delete(name);
			return null;
		}
		if (bytes == null) {
			return null;
		}
		Entry entry = EntryFormat.read(bytes);
		if (entry == null) {
			logger.warn("Cache '" + this.alias + "': " + this.directory.file(name)
					+ " is not a whole cache entry (damaged, truncated or foreign); deleted and read as a miss");
			this.directory.delete(name);
			return null;
		}
		if (entry.isExpired(this.clock.millis())) {
			this.directory.delete(name);
			return null;
		}
		return entry;
	}

}
