package dev.cachette.cache.backend.file;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.cachette.cache.InvalidCacheBackendException;
import dev.cachette.cache.backend.BaseCache;
import dev.cachette.cache.backend.CullingOptions;
import dev.cachette.cache.backend.file.EntryFormat.Entry;
import dev.cachette.cache.backend.file.KeyLocks.IoAction;
import dev.cachette.cache.settings.CacheSettings;

/**
 * One file per key in a directory: Django's {@code FileBasedCache}.
 *
 * <p>
 * {@code location} is the directory, created with its missing parents as
 * {@code rwx------} where the file system has POSIX permissions; startup fails with a
 * message naming the alias when it cannot be created, is not a directory, or is not
 * writable. Each key is a file named by the SHA-256 of the stored key plus
 * {@code .cachette}, holding a small header (format, expiry in epoch milliseconds of the
 * alias's clock, length, checksum) and the value as {@link BaseCache#encode} writes it.
 * Reading goes through the alias's allow-listed serializer, never plain Java
 * serialization: a forged file names a class the allow-list refuses, is logged and read
 * as a miss, and no code of that class runs (Django unpickles these files, which is
 * remote code execution for whoever can write to the directory). For the same reason a
 * file is opened without following symbolic links, and one larger than
 * {@code max-entry-size} (64 MiB by default) is never read: a link to {@code /dev/zero},
 * a FIFO or a huge file under a key's name is a logged miss, and is deleted.
 *
 * <p>
 * What is atomic:
 * <ul>
 * <li>Every write goes to a temporary file in the directory and is renamed over the key's
 * file, so a reader, in this process or another, sees the old value or the new one, never
 * a mix. A file that is not a whole entry anyway (damaged, truncated by a crash, written
 * by something else) is a miss and is deleted; so is an expired one.</li>
 * <li>{@code add}, {@code incr}/{@code decr}, {@code touch}, {@code set} and
 * {@code delete} hold the key's lock (see {@link KeyLocks}): a lock per key stripe in the
 * JVM, then a record lock on the directory's {@code .cachette.lock} file. Of concurrent
 * {@code add}s of one key exactly one succeeds, and concurrent {@code incr}s lose no
 * update, across the threads of a JVM and across processes sharing the directory on a
 * file system with working record locks (local file systems; NFS with a lock manager).
 * Where record locks fail, a warning is logged and the guarantees hold within the JVM
 * only. Django's {@code add} and {@code incr} are check-then-write with no lock.</li>
 * <li>{@code clear} and culling delete files one by one without the key locks, as
 * Django's do: an {@code incr} racing a {@code clear} can write its key back.</li>
 * </ul>
 *
 * <p>
 * Culling follows Django's: before {@code set} and {@code add}, when the directory holds
 * {@code max-entries} (default 300) cache files or more, a random
 * {@code 1/cull-frequency} (default 3) of them is deleted, all of them when
 * {@code cull-frequency} is 0; see {@link Culler} for how the count is kept. I/O failures
 * (a full disk, missing permissions) raise
 * {@link dev.cachette.cache.CacheUnavailableException}, which the alias answers as a miss
 * unless it is {@code strict} (see {@link dev.cachette.cache.Cache}). Files are not
 * {@code fsync}ed: after a power loss an entry may be lost, never read damaged.
 *
 * <p>
 * The package is several times the size of Django's 170-line file because it does what
 * that file leaves out: a checked file format, locks that make {@code add} and
 * {@code incr} atomic across processes, and a culler that does not scan the directory on
 * every write; each lives in its own class ({@link EntryFormat}, {@link KeyLocks},
 * {@link Culler}, {@link CacheDirectory}, {@link LiveEntries}, {@link DirectoryCheck}).
 * This class holds the operations, each saying which lock it holds.
 */
public class FileBasedCache extends BaseCache {

	/** The option names this backend accepts, besides the common ones. */
	static final Set<String> OPTIONS = Set.of("max-entries", "cull-frequency", "max-entry-size");

	/** 64 MiB: a page or a fragment is far smaller, and a read holds a file in memory. */
	static final int DEFAULT_MAX_ENTRY_SIZE = 64 * 1024 * 1024;

	private static final Log logger = LogFactory.getLog(FileBasedCache.class);

	private final SharedDirectories.Store store;

	private final CacheDirectory directory;

	private final KeyLocks locks;

	private final CullingOptions culling;

	private final int maxEntrySize;

	private final LiveEntries entries;

	/**
	 * Creates the cache for an alias, creating its directory if needed.
	 * @param settings the alias settings: {@code location} the directory; options
	 * {@code max-entries}, {@code cull-frequency}, {@code max-entry-size}
	 * @throws InvalidCacheBackendException if an option is negative or the directory
	 * cannot be used
	 */
	public FileBasedCache(CacheSettings settings) {
		super(settings);
		this.culling = CullingOptions.of(settings);
		this.maxEntrySize = settings.intOption("max-entry-size", DEFAULT_MAX_ENTRY_SIZE);
		if (this.maxEntrySize < EntryFormat.HEADER_LENGTH) {
			throw settings.invalidOption("max-entry-size", this.maxEntrySize,
					"at least " + EntryFormat.HEADER_LENGTH + " bytes");
		}
		this.store = SharedDirectories.INSTANCE.acquire(DirectoryCheck.prepare(settings));
		this.directory = this.store.directory();
		this.locks = this.store.locks();
		this.entries = new LiveEntries(this.directory, this.locks, this.maxEntrySize, settings);
	}

	// Reading

	@Override
	protected @Nullable Object getValue(String key) {
		Entry entry = io("read an entry", () -> this.entries.read(CacheDirectory.fileName(key)));
		return (entry != null) ? decode(entry.payload()) : MISSING;
	}

	@Override
	protected boolean hasValue(String key) {
		return io("read an entry", () -> this.entries.read(CacheDirectory.fileName(key))) != null;
	}

	// Writing

	/**
	 * Writes the entry; one over {@code max-entry-size} is not stored and the key's old
	 * value is deleted, as memcached's backend does with a value over its item size.
	 */
	@Override
	protected void setValue(String key, @Nullable Object value, Duration timeout) {
		byte[] content = EntryFormat.write(expiresAt(timeout), encode(value));
		String name = CacheDirectory.fileName(key);
		if (tooLarge(key, content)) {
			io("delete an entry", () -> this.locks.withLock(name, () -> this.directory.delete(name)));
			return;
		}
		io("write an entry", () -> {
			this.store.culler().beforeWrite(this.directory, this.culling, null);
			return this.locks.withLock(name, () -> write(name, content));
		});
	}

	/**
	 * Follows Django's {@code add} (has_key, cull, write), with the check repeated under
	 * the lock.
	 */
	@Override
	protected boolean addValue(String key, @Nullable Object value, Duration timeout) {
		String name = CacheDirectory.fileName(key);
		if (io("read an entry", () -> this.entries.read(name)) != null) {
			return false;
		}
		byte[] content = EntryFormat.write(expiresAt(timeout), encode(value));
		if (tooLarge(key, content)) {
			return false;
		}
		return io("write an entry", () -> {
			// The cull spares this key's file: a concurrent add may just have written it.
			this.store.culler().beforeWrite(this.directory, this.culling, name);
			return this.locks.withLock(name, () -> (this.entries.readLocked(name) == null) && write(name, content));
		});
	}

	private boolean tooLarge(String key, byte[] content) {
		if (content.length <= this.maxEntrySize) {
			return false;
		}
		logger.warn("Cache '" + alias() + "': key '" + key + "' not stored: its entry of " + content.length
				+ " bytes is over options.max-entry-size (" + this.maxEntrySize + ")");
		return true;
	}

	private boolean write(String name, byte[] content) throws IOException {
		this.directory.write(name, content);
		this.store.culler().written();
		return true;
	}

	/**
	 * Follows Django's {@code touch}: rewrites the value with a new expiry, under a lock.
	 */
	@Override
	protected boolean touchValue(String key, Duration timeout) {
		String name = CacheDirectory.fileName(key);
		long expiresAt = expiresAt(timeout);
		return io("touch an entry", () -> this.locks.withLock(name, () -> {
			Entry entry = this.entries.readLocked(name);
			if (entry == null) {
				return false;
			}
			this.directory.write(name, EntryFormat.write(expiresAt, entry.payload()));
			return true;
		}));
	}

	/**
	 * Reads and rewrites the counter under the key's lock, with the default timeout from
	 * now: Django's {@code BaseCache.incr}, which this backend inherits, re-stores the
	 * sum with {@code set(key, value)}.
	 */
	@Override
	protected @Nullable Long incrValue(String key, long delta) {
		String name = CacheDirectory.fileName(key);
		return io("increment an entry", () -> this.locks.withLock(name, () -> {
			Entry entry = this.entries.readLocked(name);
			Object value = (entry != null) ? decode(entry.payload()) : MISSING;
			if (value == MISSING) {
				return null;
			}
			long result = addToCounter(key, value, delta);
			this.directory.write(name, EntryFormat.write(expiresAt(defaultTimeout()), encode(result)));
			return result;
		}));
	}

	// Removing

	/**
	 * Returns whether an unexpired entry was removed (Django's also counts an expired
	 * file).
	 */
	@Override
	protected boolean deleteValue(String key) {
		String name = CacheDirectory.fileName(key);
		return io("delete an entry", () -> this.locks.withLock(name, () -> {
			byte[] header;
			try {
				header = this.directory.readStart(name, EntryFormat.HEADER_LENGTH);
			}
			catch (CacheDirectory.RefusedFileException ex) {
				// a link or a special file: removed (the link, not its target), no entry
				this.directory.delete(name);
				return false;
			}
			if (header == null) {
				return false;
			}
			Long expiresAt = EntryFormat.expiresAt(header);
			return this.directory.delete(name) && expiresAt != null && !EntryFormat.isExpired(expiresAt, now());
		}));
	}

	/** The cache files in the directory, expired ones included until read or culled. */
	@Override
	protected @Nullable Long storeSize() {
		try {
			return (long) this.directory.list().size();
		}
		catch (IOException ex) {
			return null;
		}
	}

	/** Files the culls of this process deleted. */
	@Override
	protected Long storeEvictions() {
		return this.store.culler().culled();
	}

	/**
	 * Deletes the cache files of the directory, and temporary files a crashed writer
	 * left; other files, the directory itself and the lock file stay, as in Django.
	 */
	@Override
	protected void clearValues() {
		io("clear", () -> {
			this.directory.clear(System.currentTimeMillis());
			this.store.culler().cleared();
			return null;
		});
	}

	@Override
	protected void closeStore() {
		SharedDirectories.INSTANCE.release(this.store);
	}

	private long now() {
		return settings().clock().millis();
	}

	private long expiresAt(Duration timeout) {
		return isForever(timeout) ? EntryFormat.NEVER : EntryFormat.expiresAt(now(), timeout);
	}

	private <T> T io(String operation, IoAction<T> action) {
		try {
			return action.run();
		}
		catch (IOException ex) {
			throw unavailable(this.directory.toString(), operation + " (" + ex.getClass().getSimpleName() + ")", ex);
		}
	}

}
