package dev.cachette.cache.backend.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.cachette.cache.InvalidCacheBackendException;
import dev.cachette.cache.settings.CacheSettings;

/**
 * Checks an alias's cache directory at startup: creates it with its missing parents as
 * {@code rwx------} where the file system has POSIX permissions, fails with a message
 * naming the alias when it cannot be created, is not a directory or is not writable, and
 * warns when other users can read or replace its entries.
 */
final class DirectoryCheck {

	private static final Set<PosixFilePermission> SHARED_PERMISSIONS = Set.of(PosixFilePermission.GROUP_READ,
			PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

	private static final Log logger = LogFactory.getLog(FileBasedCache.class);

	private DirectoryCheck() {
	}

	/**
	 * Follows Django's {@code _createdir}, failing at startup rather than at a write.
	 * @param settings the alias settings, whose {@code location} is the directory
	 * @return the directory, as its real path where it can be resolved
	 * @throws InvalidCacheBackendException if the directory cannot be used
	 */
	static Path prepare(CacheSettings settings) {
		String location = settings.location().trim();
		String setting = "caches." + settings.alias() + ".location";
		if (location.isEmpty()) {
			throw new InvalidCacheBackendException(
					setting + " must name a directory for the filebased backend (was '" + location + "')");
		}
		Path path;
		try {
			path = Path.of(location).toAbsolutePath().normalize();
		}
		catch (InvalidPathException ex) {
			throw new InvalidCacheBackendException(setting + " is not a valid path (was '" + location + "')", ex);
		}
		if (Files.exists(path) && !Files.isDirectory(path)) {
			throw new InvalidCacheBackendException(setting + " must be a directory, but " + path + " is a file");
		}
		try {
			CacheDirectory.create(path);
		}
		catch (IOException ex) {
			throw new InvalidCacheBackendException(
					setting + ": the cache directory " + path + " does not exist and could not be created: " + ex, ex);
		}
		if (!Files.isWritable(path)) {
			throw new InvalidCacheBackendException(
					setting + ": the cache directory " + path + " is not writable by this process");
		}
		warnIfShared(settings, path);
		try {
			return path.toRealPath();
		}
		catch (IOException ex) {
			return path;
		}
	}

	private static void warnIfShared(CacheSettings settings, Path path) {
		try {
			if (CacheDirectory.supportsPosix(path)) {
				Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
				if (permissions.stream().anyMatch(SHARED_PERMISSIONS::contains)) {
					logger.warn("Cache '" + settings.alias() + "': the cache directory " + path + " is "
							+ PosixFilePermissions.toString(permissions)
							+ ": other users can read or replace cache entries; make it owner-only (chmod 700)");
				}
			}
		}
		catch (IOException ex) {
			logger.debug("Could not read the permissions of " + path, ex);
		}
	}

}
