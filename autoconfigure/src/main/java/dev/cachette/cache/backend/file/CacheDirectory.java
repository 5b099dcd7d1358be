package dev.cachette.cache.backend.file;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * Files are read and written with {@link FileInputStream} and {@link FileOutputStream}
 * rather than NIO channels on purpose: an NIO channel is closed when its thread is
 * interrupted, which would turn a cancelled task's cache read into an error.
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
	 * Reads a whole file.
	 * @param name the file name
	 * @return its bytes, or {@code null} when there is no such file
	 * @throws IOException if the file exists but cannot be read
	 */
	byte @Nullable [] read(String name) throws IOException {
		return read(name, Integer.MAX_VALUE);
	}

	/**
	 * Reads the start of a file.
	 * @param name the file name
	 * @param length how many bytes at most
	 * @return its first bytes, or {@code null} when there is no such file
	 * @throws IOException if the file exists but cannot be read
	 */
	byte @Nullable [] read(String name, int length) throws IOException {
		Path file = file(name);
		for (int attempt = 0;; attempt++) {
			try (FileInputStream in = new FileInputStream(file.toFile())) {
				return (length == Integer.MAX_VALUE) ? in.readAllBytes() : in.readNBytes(length);
			}
			catch (FileNotFoundException ex) {
				// The stream API reports a missing file and a forbidden one alike; a file
				// that exists now may have been renamed into place since the attempt.
				if (Files.notExists(file)) {
					return null;
				}
				if (attempt == 2) {
					throw ex;
				}
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

	@Override
	public String toString() {
		return "directory " + this.path;
	}

}
