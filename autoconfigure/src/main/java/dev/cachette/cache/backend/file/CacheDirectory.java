package dev.cachette.cache.backend.file;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * The files of one cache directory: naming, reading, atomic writing, listing. Follows
 * Django's {@code FileBasedCache._key_to_file}, {@code _createdir},
 * {@code _list_cache_files} and the temporary-file-then-move of its {@code set}.
 *
 * <p>
 * A key's file is the SHA-256 of the stored key in hexadecimal plus {@value #SUFFIX}.
 * Django uses MD5, whose collisions can be computed: where keys carry user input, two
 * keys sharing one file would let one user's value be served for another's key. The
 * suffix is not Django's {@code .djcache} because the format is not Django's: a Django
 * process sharing the directory must neither read nor clear these files.
 *
 * <p>
 * Files are written with {@link FileOutputStream} rather than an NIO channel on purpose:
 * a channel is closed when its thread is interrupted, which would turn a cancelled task's
 * cache write into an error. Reads need a channel, the only way to open without following
 * a symbolic link, and guard against interrupts themselves.
 */
final class CacheDirectory {

	/** The suffix of cache files; {@code clear()} removes only these. */
	static final String SUFFIX = ".cachette";

	/** The suffix of files being written, never read or cleared as entries. */
	static final String TEMP_SUFFIX = ".cachette-tmp";

	private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

	private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

	private static final HexFormat HEX = HexFormat.of();

	private static final long ABANDONED_AFTER_MILLIS = 60_000;

	private static final Set<OpenOption> READ_NO_FOLLOW = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

	private final Path path;

	private final boolean posix;

	CacheDirectory(Path path) {
		this.path = path;
		this.posix = supportsPosix(path);
	}

	static boolean supportsPosix(Path path) {
		return path.getFileSystem().supportedFileAttributeViews().contains("posix");
	}

	Path path() {
		return this.path;
	}

	/**
	 * Creates the directory, and its missing parents, readable by the owner only (Django
	 * sets its umask to 077 around {@code os.makedirs} for the same effect). File systems
	 * without POSIX permissions get the platform's defaults.
	 * @param path the directory
	 * @throws IOException if it cannot be created
	 */
	static void create(Path path) throws IOException {
		if (supportsPosix(path)) {
			FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions
				.asFileAttribute(OWNER_ONLY_DIRECTORY);
			Files.createDirectories(path, ownerOnly);
		}
		else {
			Files.createDirectories(path);
		}
	}

	/**
	 * The file name of a stored key, without the suffix: 64 hexadecimal digits.
	 * @param key the stored key
	 * @return the name
	 */
	static String fileName(String key) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HEX.formatHex(digest.digest(key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			// Every Java platform must provide SHA-256 (MessageDigest's Javadoc).
			throw new IllegalStateException(ex);
		}
	}

	Path file(String name) {
		return this.path.resolve(name + SUFFIX);
	}

	/**
	 * Reads a whole file, unless it is not one this directory may read (see
	 * {@link RefusedFileException}).
	 * @param name the file name
	 * @param maxLength the largest file read, in bytes
	 * @return its bytes, or {@code null} when there is no such file
	 * @throws RefusedFileException if the file is a link, not a regular file, or longer
	 * than {@code maxLength}
	 * @throws IOException if the file exists but cannot be read
	 */
	byte @Nullable [] read(String name, int maxLength) throws IOException {
		return read(name, maxLength, true);
	}

	/**
	 * Reads the start of a file, unless it is not one this directory may read.
	 * @param name the file name
	 * @param length how many bytes at most
	 * @return its first bytes, or {@code null} when there is no such file
	 * @throws RefusedFileException if the file is a link or not a regular file
	 * @throws IOException if the file exists but cannot be read
	 */
	byte @Nullable [] readStart(String name, int length) throws IOException {
		return read(name, length, false);
	}

	/**
	 * Reads at most {@code limit} bytes (plus one, to tell a longer file), never through
	 * a link: the file is opened with {@code O_NOFOLLOW}, so a link put in the directory
	 * ({@code /dev/zero}, another user's file) is refused however late it was swapped in.
	 * Its attributes are checked first, without following links, so that a special file
	 * is never opened (opening a FIFO blocks until a writer comes) and a file over the
	 * limit never read; a special file swapped in between the two calls is the one case
	 * left, and needs write access to the directory, which is owner-only.
	 */
	private byte @Nullable [] read(String name, int limit, boolean whole) throws IOException {
		Path file = file(name);
		BasicFileAttributes attributes;
		try {
			attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
		// a directory is left to fail as an I/O error, as any other unreadable file
		if (attributes.isSymbolicLink() || attributes.isOther()) {
			throw new RefusedFileException(file,
					attributes.isSymbolicLink() ? "is a symbolic link" : "is not a regular file");
		}
		if (whole && attributes.size() > limit) {
			throw new RefusedFileException(file,
					"holds " + attributes.size() + " bytes, more than " + "options.max-entry-size (" + limit + ")");
		}
		byte[] bytes = readNoFollow(file, whole ? limit + 1 : limit);
		if (bytes != null && whole && bytes.length > limit) {
			throw new RefusedFileException(file, "grew over options.max-entry-size (" + limit + ") while read");
		}
		return bytes;
	}

	/**
	 * An NIO channel, the only way to open without following links, is closed when its
	 * thread is interrupted: the read runs with the interrupt status cleared, is retried
	 * when an interrupt closed it, and the status is restored after, so a cancelled
	 * task's cache read still works, as it did with {@code FileInputStream}.
	 */
	private byte @Nullable [] readNoFollow(Path file, int length) throws IOException {
		boolean interrupted = Thread.interrupted();
		try {
			for (int attempt = 0;; attempt++) {
				try (SeekableByteChannel channel = Files.newByteChannel(file, READ_NO_FOLLOW)) {
					return Channels.newInputStream(channel).readNBytes(length);
				}
				catch (NoSuchFileException ex) {
					return null;
				}
				catch (ClosedByInterruptException ex) {
					interrupted |= Thread.interrupted();
					if (attempt == 2) {
						throw ex;
					}
				}
				catch (FileSystemException ex) {
					// O_NOFOLLOW answers ELOOP, which Java reports as a
					// FileSystemException
					if (Files.isSymbolicLink(file)) {
						throw new RefusedFileException(file, "is a symbolic link");
					}
					throw ex;
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Replaces a file atomically: the bytes go to a temporary file in the same directory,
	 * which is then renamed over the target, so a reader sees the old file or the new
	 * one, never a part. Recreates the directory if it was removed (Django: "Cache dir
	 * can be deleted at any time").
	 * @param name the file name
	 * @param content the bytes
	 * @throws IOException if the file cannot be written
	 */
	void write(String name, byte[] content) throws IOException {
		Path temp = createTemp(name);
		boolean moved = false;
		try {
			try (FileOutputStream out = new FileOutputStream(temp.toFile())) {
				out.write(content);
			}
			// rename(2): atomic, and replaces the target (REPLACE_EXISTING states the
			// intent;
			// with ATOMIC_MOVE the platform's rename decides, and POSIX and Windows
			// replace).
			Files.move(temp, file(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			moved = true;
		}
		finally {
			if (!moved) {
				Files.deleteIfExists(temp);
			}
		}
	}

	private Path createTemp(String name) throws IOException {
		for (int attempt = 0;; attempt++) {
			Path temp = this.path
				.resolve(name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + TEMP_SUFFIX);
			try {
				return this.posix ? Files.createFile(temp, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE))
						: Files.createFile(temp);
			}
			catch (NoSuchFileException ex) {
				if (attempt > 0) {
					throw ex;
				}
				create(this.path);
			}
			catch (FileAlreadyExistsException ex) {
				if (attempt > 2) {
					throw ex;
				}
			}
		}
	}

	/**
	 * Deletes a file.
	 * @param name the file name
	 * @return whether it existed
	 * @throws IOException if it cannot be deleted
	 */
	boolean delete(String name) throws IOException {
		return Files.deleteIfExists(file(name));
	}

	/**
	 * Lists the cache files, ignoring every other file (Django's
	 * {@code _list_cache_files}).
	 * @return the paths, empty when the directory is gone
	 * @throws IOException if the directory cannot be read
	 */
	List<Path> list() throws IOException {
		List<Path> files = new ArrayList<>();
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(this.path,
				(entry) -> entry.getFileName().toString().endsWith(SUFFIX))) {
			stream.forEach(files::add);
		}
		catch (NoSuchFileException ex) {
			return List.of();
		}
		return files;
	}

	/**
	 * Lists the temporary files a crashed writer left: those last modified before a
	 * minute ago (a write in progress takes milliseconds).
	 * @param now the current time, epoch milliseconds of the system clock
	 * @return the paths
	 * @throws IOException if the directory cannot be read
	 */
	List<Path> listAbandonedTemps(long now) throws IOException {
		List<Path> files = new ArrayList<>();
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(this.path,
				(entry) -> entry.getFileName().toString().endsWith(TEMP_SUFFIX))) {
			for (Path file : stream) {
				try {
					if (Files.getLastModifiedTime(file).toMillis() < now - ABANDONED_AFTER_MILLIS) {
						files.add(file);
					}
				}
				catch (NoSuchFileException ex) {
					// Renamed into place meanwhile.
				}
			}
		}
		catch (NoSuchFileException ex) {
			return List.of();
		}
		return files;
	}

	/**
	 * Deletes the cache files, and the temporary files a crashed writer left.
	 * @param now the time in epoch milliseconds, which tells an abandoned temporary file
	 * @throws IOException if a file cannot be deleted
	 */
	void clear(long now) throws IOException {
		for (Path file : list()) {
			Files.deleteIfExists(file);
		}
		for (Path file : listAbandonedTemps(now)) {
			Files.deleteIfExists(file);
		}
	}

	@Override
	public String toString() {
		return "directory " + this.path;
	}

	/**
	 * A file in the directory that is not read: a symbolic link, a special file, or one
	 * longer than {@code max-entry-size}. Whoever can write to the directory can put
	 * these there; the cache reads them as misses, never following a link to
	 * {@code /dev/zero} or reading a huge file into memory.
	 */
	static final class RefusedFileException extends IOException {

		private static final long serialVersionUID = 1L;

		RefusedFileException(Path file, String reason) {
			super(file + " " + reason);
		}

	}

}
