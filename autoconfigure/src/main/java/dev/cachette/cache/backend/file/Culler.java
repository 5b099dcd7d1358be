package dev.cachette.cache.backend.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import dev.cachette.cache.backend.CullingOptions;

/**
 * Keeps a directory under {@code max-entries} files. Follows Django's
 * {@code FileBasedCache._cull}: before a write, when the directory holds
 * {@code max-entries} cache files or more, a random {@code 1/cull-frequency} of them is
 * deleted, or all of them when {@code cull-frequency} is 0.
 *
 * <p>
 * Django lists the directory on every write. This class lists it only when an upper bound
 * it keeps of the number of files (the last count, plus one for each write since) reaches
 * {@code max-entries}, so a write costs no directory scan until the cache is close to
 * full. In one process the bound is never below the true count, so culls happen exactly
 * when Django's would; files written by other processes are noticed at the next scan, so
 * with several processes the directory can exceed {@code max-entries} for a while, as
 * Django's can when processes race.
 *
 * <p>
 * Unlike Django's, the cull before an {@code add} spares the file of the key being added:
 * otherwise one {@code add}'s cull could delete the file a concurrent {@code add} of the
 * same key had just written, and both would report success.
 */
final class Culler {

	private final AtomicInteger bound = new AtomicInteger(Integer.MAX_VALUE);

	private final ReentrantLock lock = new ReentrantLock();

	private final LongAdder culled = new LongAdder();

	/**
	 * Makes room, if needed, before a write that may add a file.
	 * @param directory the directory
	 * @param culling {@code max-entries} and {@code cull-frequency}
	 * @param spared the entry name ({@link CacheDirectory#fileName}) whose file the cull
	 * must not delete, or {@code null}
	 * @throws IOException if the directory cannot be listed or a file deleted
	 */
	void beforeWrite(CacheDirectory directory, CullingOptions culling, @Nullable String spared) throws IOException {
		int maxEntries = culling.maxEntries();
		if (this.bound.get() < maxEntries) {
			return;
		}
		this.lock.lock();
		try {
			if (this.bound.get() < maxEntries) {
				return;
			}
			List<Path> files = new ArrayList<>(directory.list());
			int count = files.size();
			if (count >= maxEntries) {
				if (spared != null) {
					Path sparedFile = directory.file(spared);
					files.removeIf(sparedFile::equals);
				}
				int doomed = Math.min(culling.toCull(count), files.size());
				deleteRandom(files, doomed);
				this.culled.add(doomed);
				count -= doomed;
			}
			this.bound.set(count);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Files this process's culls deleted.
	 * @return the count
	 */
	long culled() {
		return this.culled.sum();
	}

	/** Counts a write that may have added a file. */
	void written() {
		this.bound.getAndUpdate((count) -> (count == Integer.MAX_VALUE) ? count : count + 1);
	}

	/** Forgets the count after the directory was emptied. */
	void cleared() {
		this.bound.set(0);
	}

	/**
	 * Deletes {@code count} files chosen at random, as Django's {@code random.sample}.
	 */
	private static void deleteRandom(List<Path> files, int count) throws IOException {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (int i = 0; i < count; i++) {
			int chosen = i + random.nextInt(files.size() - i);
			Path file = files.set(chosen, files.get(i));
			Files.deleteIfExists(file);
		}
	}

}
