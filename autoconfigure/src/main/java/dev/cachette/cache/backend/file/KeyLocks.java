package dev.cachette.cache.backend.file;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Mutual exclusion per key for the read-modify-write operations ({@code add},
 * {@code incr}, {@code touch}) and the writes they must not interleave with, within the
 * JVM and across processes.
 *
 * <p>
 * Keys are spread over {@value #STRIPES} stripes by their file name. A stripe is a
 * {@link ReentrantLock} (threads of this JVM) and then an exclusive POSIX record lock
 * ({@code fcntl}) on byte {@code stripe} of the directory's lock file
 * {@value #LOCK_FILE_NAME} (other processes using the same directory). Django's file
 * backend takes no such lock: its {@code add} is {@code has_key} then {@code set}, and
 * its {@code incr} is {@code get} then {@code set}.
 *
 * <p>
 * Limits: record locks are advisory (a process that does not take them, such as a Django
 * process or a {@code cp}, is not excluded); on a network file system they work only
 * where the server supports them, and where the lock call fails this class logs a warning
 * once and goes on with the JVM locks alone. A lock waits as long as another process
 * holds it; the kernel releases a dead process's locks.
 */
final class KeyLocks {

	static final int STRIPES = 256;

	static final String LOCK_FILE_NAME = ".cachette.lock";

	private static final Log logger = LogFactory.getLog(KeyLocks.class);

	private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

	private final Path lockFile;

	private final List<FileChannel> retired = new ArrayList<>();

	private @Nullable LockChannel channel;

	private volatile boolean crossProcess = true;

	KeyLocks(Path directory) {
		this.lockFile = directory.resolve(LOCK_FILE_NAME);
		for (int i = 0; i < STRIPES; i++) {
			this.locks[i] = new ReentrantLock();
		}
	}

	/**
	 * Runs an action holding the lock of a file name's stripe.
	 * @param name the file name (hexadecimal)
	 * @param action the action
	 * @param <T> the result type
	 * @return the action's result
	 * @throws IOException if the action fails, or the lock file cannot be opened
	 */
	<T> T withLock(String name, IoAction<T> action) throws IOException {
		int stripe = Integer.parseInt(name, 0, 2, 16) % STRIPES;
		ReentrantLock lock = this.locks[stripe];
		if (lock.isHeldByCurrentThread()) {
			// Nested: the record lock is held already, and taking it twice would fail.
			return action.run();
		}
		lock.lock();
		try {
			FileLock fileLock = lockFile(stripe);
			try {
				return action.run();
			}
			finally {
				release(fileLock);
			}
		}
		finally {
			lock.unlock();
		}
	}

	/**
	 * Takes the record lock of a stripe. Clears the thread's interrupt flag for the
	 * duration and restores it: an interrupt would close the channel, and with it every
	 * lock this JVM holds on the file.
	 */
	private @Nullable FileLock lockFile(int stripe) throws IOException {
		if (!this.crossProcess) {
			return null;
		}
		boolean interrupted = Thread.interrupted();
		try {
			for (int attempt = 0;; attempt++) {
				LockChannel current = channel();
				try {
					FileLock lock = current.channel().lock(stripe, 1, false);
					if (current.isLinked(this.lockFile)) {
						return lock;
					}
					// The directory was removed and recreated: the lock must be taken on
					// the
					// file the other processes open now.
					release(lock);
					reopen(current);
				}
				catch (ClosedChannelException ex) {
					if (attempt > 3) {
						throw ex;
					}
					reopen(current);
				}
				catch (OverlappingFileLockException ex) {
					// Another copy of this class (another class loader) in this JVM holds
					// it.
					pause();
				}
				catch (IOException ex) {
					this.crossProcess = false;
					logger.warn("The file system of " + this.lockFile.getParent()
							+ " refuses record locks; add and incr are atomic within this JVM only: " + ex);
					return null;
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static void pause() throws IOException {
		try {
			Thread.sleep(1);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while waiting for a file lock", ex);
		}
	}

	private static void release(@Nullable FileLock lock) {
		if (lock != null) {
			try {
				lock.release();
			}
			catch (IOException ex) {
				// The channel was closed, which released the lock already.
			}
		}
	}

	private synchronized LockChannel channel() throws IOException {
		LockChannel current = this.channel;
		if (current == null) {
			current = open();
			this.channel = current;
		}
		return current;
	}

	private synchronized void reopen(LockChannel stale) throws IOException {
		if (this.channel == stale) {
			// Threads holding locks on the stale channel keep them until they finish.
			this.retired.add(stale.channel());
			this.channel = open();
		}
	}

	private LockChannel open() throws IOException {
		Path directory = this.lockFile.getParent();
		if (Files.notExists(directory)) {
			CacheDirectory.create(directory);
		}
		FileChannel channel = CacheDirectory.supportsPosix(this.lockFile)
				? FileChannel.open(this.lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
				: FileChannel.open(this.lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
		return new LockChannel(channel, fileKeyOf(this.lockFile));
	}

	private static @Nullable Object fileKeyOf(Path file) throws IOException {
		return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
	}

	/** Closes the lock file; the locks are released with it. */
	synchronized void close() {
		if (this.channel != null) {
			this.retired.add(this.channel.channel());
			this.channel = null;
		}
		for (FileChannel stale : this.retired) {
			try {
				stale.close();
			}
			catch (IOException ex) {
				logger.debug("Could not close " + this.lockFile, ex);
			}
		}
		this.retired.clear();
	}

	/** An action on files that may fail with an {@link IOException}. */
	@FunctionalInterface
	interface IoAction<T> {

		T run() throws IOException;

	}

	/** The open lock file and its identity (inode), to notice it was replaced. */
	private record LockChannel(FileChannel channel, @Nullable Object fileKey) {

		boolean isLinked(Path file) throws IOException {
			if (this.fileKey == null) {
				return true;
			}
			try {
				return Objects.equals(this.fileKey, fileKeyOf(file));
			}
			catch (NoSuchFileException ex) {
				return false;
			}
		}

	}

}
