package dev.cachette.cache.backend.file;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.cachette.cache.CacheUnavailableException;
import dev.cachette.cache.FakeClock;
import dev.cachette.cache.InvalidCacheBackendException;
import dev.cachette.cache.ReadCost;
import dev.cachette.cache.TestServers;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the contract suite cannot see of the file-based backend: the directory, the files,
 * damaged and forged files, culling and I/O failures. Django's
 * {@code FileBasedCacheTests} and {@code test_cull}/{@code test_zero_cull} are the model.
 */
@ExtendWith(OutputCaptureExtension.class)
class FileBasedCacheTests {

	@TempDir
	Path temp;

	private final FakeClock clock = new FakeClock();

	private final List<FileBasedCache> opened = new ArrayList<>();

	@AfterEach
	void close() {
		this.opened.forEach(FileBasedCache::close);
	}

	private FileBasedCache cache(Path directory, Consumer<CacheSettings.Builder> customizer) {
		CacheSettings.Builder builder = CacheSettings.builder("files")
			.backend("filebased")
			.location(directory.toString())
			.clock(this.clock);
		customizer.accept(builder);
		FileBasedCache cache = new FileBasedCache(builder.build());
		this.opened.add(cache);
		return cache;
	}

	private FileBasedCache cache() {
		return cache(this.temp, (builder) -> {
		});
	}

	private Path fileOf(FileBasedCache cache, String key) throws Exception {
		byte[] digest = MessageDigest.getInstance("SHA-256")
			.digest(cache.makeKey(key).getBytes(StandardCharsets.UTF_8));
		return this.temp.resolve(HexFormat.of().formatHex(digest) + ".cachette");
	}

	private List<Path> cacheFiles() throws IOException {
		try (Stream<Path> files = Files.list(this.temp)) {
			return files.filter((file) -> file.toString().endsWith(".cachette")).toList();
		}
	}

	// The directory

	@Test
	void directory_isCreatedWithItsParentsOwnerOnly() {
		requirePosixPermissions();
		Path directory = this.temp.resolve("nested").resolve("filebasedcache");
		cache(directory, (builder) -> {
		}).set("foo", "bar");
		for (Path created : List.of(directory, directory.getParent())) {
			assertThat(created).isDirectory();
			assertThat(permissionsOf(created)).isEqualTo("rwx------");
		}
	}

	@Test
	void files_areOwnerOnly() throws Exception {
		requirePosixPermissions();
		FileBasedCache cache = cache();
		cache.set("foo", "bar");
		assertThat(permissionsOf(fileOf(cache, "foo"))).isEqualTo("rw-------");
	}

	private static String permissionsOf(Path path) {
		try {
			return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void directory_sharedWithOtherUsers_logsAWarning(CapturedOutput output) throws IOException {
		requirePosixPermissions();
		Path directory = Files.createDirectory(this.temp.resolve("shared"));
		Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
		cache(directory, (builder) -> {
		});
		assertThat(output).contains("is rwxr-xr-x: other users can read or replace cache entries");
	}

	@Test
	void set_recreatesADirectoryRemovedAtRunTime() throws IOException {
		Path directory = this.temp.resolve("cache");
		FileBasedCache cache = cache(directory, (builder) -> {
		});
		Files.delete(directory);
		cache.set("foo", "bar");
		assertThat(cache.<String>get("foo")).isEqualTo("bar");
	}

	@Test
	void location_thatIsAFile_failsAtStartup() throws IOException {
		Path file = Files.writeString(this.temp.resolve("not-a-directory"), "x");
		assertThatExceptionOfType(InvalidCacheBackendException.class).isThrownBy(() -> cache(file, (builder) -> {
		})).withMessageContaining("caches.files.location").withMessageContaining("is a file");
	}

	@Test
	void location_missing_failsAtStartup() {
		assertThatExceptionOfType(InvalidCacheBackendException.class)
			.isThrownBy(() -> new FileBasedCache(CacheSettings.builder("files").backend("filebased").build()))
			.withMessage("caches.files.location must name a directory for the filebased backend (was '')");
	}

	@Test
	void location_underAFile_cannotBeCreated() throws IOException {
		Path file = Files.writeString(this.temp.resolve("file"), "x");
		assertThatExceptionOfType(InvalidCacheBackendException.class)
			.isThrownBy(() -> cache(file.resolve("sub"), (builder) -> {
			}))
			.withMessageContaining("does not exist and could not be created");
	}

	@Test
	void options_negative_failAtStartupNamingTheOption() {
		assertThatExceptionOfType(InvalidCacheBackendException.class)
			.isThrownBy(() -> cache(this.temp, (builder) -> builder.option("max-entries", -1)))
			.withMessage(
					"caches.files.options.max-entries must be zero or more (was '-1'); Django would accept it and cull on every write, Cachette refuses it");
		assertThatExceptionOfType(InvalidCacheBackendException.class)
			.isThrownBy(() -> cache(this.temp, (builder) -> builder.option("cull-frequency", "-3")))
			.withMessage("caches.files.options.cull-frequency must be zero or more (was '-3')");
	}

	// Files

	@Test
	void file_isNamedBySha256OfTheStoredKey() throws Exception {
		FileBasedCache cache = cache(this.temp, (builder) -> builder.keyPrefix("site"));
		cache.set("foo", "bar");
		// sha256("site:1:foo")
		Path expected = this.temp.resolve(HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest("site:1:foo".getBytes(StandardCharsets.UTF_8)))
				+ ".cachette");
		assertThat(cacheFiles()).containsExactly(expected);
	}

	@Test
	void file_startsWithTheHeaderHoldingTheExpiry() throws Exception {
		FileBasedCache cache = cache();
		cache.set("foo", "bar", Duration.ofSeconds(10));
		byte[] bytes = Files.readAllBytes(fileOf(cache, "foo"));
		assertThat(EntryFormat.expiresAt(bytes)).isEqualTo(this.clock.millis() + 10_000);
		cache.set("foo", "bar", FileBasedCache.FOREVER);
		assertThat(EntryFormat.expiresAt(Files.readAllBytes(fileOf(cache, "foo")))).isEqualTo(EntryFormat.NEVER);
	}

	@Test
	void get_fileRemovedBehindTheCache_isAMiss() throws Exception {
		FileBasedCache cache = cache();
		cache.set("foo", "bar");
		Files.delete(fileOf(cache, "foo"));
		assertThat(cache.get("foo", "baz")).isEqualTo("baz");
	}

	@Test
	void get_garbageFile_isAMissAndTheFileIsRemoved(CapturedOutput output) throws Exception {
		FileBasedCache cache = cache();
		Path file = fileOf(cache, "foo");
		Files.write(file, "this is not a cache entry at all, just garbage".getBytes(StandardCharsets.UTF_8));
		assertThat(cache.get("foo", "miss")).isEqualTo("miss");
		assertThat(file).doesNotExist();
		assertThat(output).contains("is not a whole cache entry");
	}

	@Test
	void get_truncatedFile_isAMissAndTheFileIsRemoved() throws Exception {
		FileBasedCache cache = cache();
		cache.set("foo", "a value long enough to be cut in half");
		Path file = fileOf(cache, "foo");
		byte[] bytes = Files.readAllBytes(file);
		Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
		assertThat(cache.hasKey("foo")).isFalse();
		assertThat(file).doesNotExist();
	}

	@Test
	void get_shortOrEmptyFile_isAMissAndTheFileIsRemoved() throws Exception {
		FileBasedCache cache = cache();
		Path file = fileOf(cache, "foo");
		for (byte[] content : List.of(new byte[0], new byte[] { (byte) 0xCA, (byte) 0xC4, (byte) 0xE7 })) {
			Files.write(file, content);
			assertThat(cache.get("foo", "miss")).isEqualTo("miss");
			assertThat(file).doesNotExist();
		}
	}

	@Test
	void get_flippedPayloadByte_isAMiss() throws Exception {
		FileBasedCache cache = cache();
		cache.set("count", 123456789L);
		Path file = fileOf(cache, "count");
		byte[] bytes = Files.readAllBytes(file);
		bytes[bytes.length - 1] = '0';
		Files.write(file, bytes);
		assertThat(cache.<Long>get("count")).isNull();
	}

	@Test
	void add_overADamagedFile_succeeds() throws Exception {
		FileBasedCache cache = cache();
		Files.write(fileOf(cache, "foo"), new byte[] { 1, 2, 3 });
		assertThat(cache.add("foo", "bar")).isTrue();
		assertThat(cache.<String>get("foo")).isEqualTo("bar");
	}

	@Test
	void get_forgedFileWithAClassOutsideTheAllowList_isALoggedMissAndNoCodeRuns(CapturedOutput output)
			throws Exception {
		FileBasedCache cache = cache();
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(new Forged());
		}
		Files.write(fileOf(cache, "foo"), EntryFormat.write(EntryFormat.NEVER, bytes.toByteArray()));
		Forged.READ_OBJECT_RAN.set(false);
		assertThat(cache.get("foo", "miss")).isEqualTo("miss");
		assertThat(Forged.READ_OBJECT_RAN).isFalse();
		assertThat(output).contains("could not be read")
			.contains("refused to deserialize class " + Forged.class.getName()
					+ ", which is not in the serializer's allow-list");
	}

	// Files that are not entries (issue 14, item 7)

	@Test
	void get_symlinkToDevZero_isALoggedMissWithoutReadingIt(CapturedOutput output) throws Exception {
		// Regression: the link was followed and /dev/zero read until memory ran out
		FileBasedCache cache = cache();
		Files.createSymbolicLink(fileOf(cache, "foo"), Path.of("/dev/zero"));
		ReadCost cost = ReadCost.of(() -> cache.get("foo", "miss"));
		assertThat(cost.value()).as("%s", cost).isEqualTo("miss");
		assertThat(cost.allocatedBytes()).as("%s", cost).isLessThan(1 << 20);
		assertThat(output).contains("is a symbolic link; deleted and read as a miss");
		assertThat(fileOf(cache, "foo")).doesNotExist();
		assertThat(Path.of("/dev/zero")).exists();
	}

	@Test
	void get_fifo_isAMissWithoutBlocking() throws Exception {
		// opening a FIFO for reading waits for a writer: it must never be opened
		FileBasedCache cache = cache();
		Path fifo = fileOf(cache, "foo");
		Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
		TestServers.require(mkfifo.waitFor() == 0, "mkfifo");
		assertThat(cache.get("foo", "miss")).isEqualTo("miss");
		assertThat(fifo).doesNotExist();
	}

	@Test
	void get_symlinkToAnEntryElsewhere_isAMiss() throws Exception {
		Path elsewhere = Files.createDirectory(this.temp.resolve("elsewhere"));
		FileBasedCache other = cache(elsewhere, (builder) -> {
		});
		other.set("foo", "planted");
		FileBasedCache cache = cache();
		Files.createSymbolicLink(fileOf(cache, "foo"), elsewhere.resolve(fileOf(cache, "foo").getFileName()));
		assertThat(cache.get("foo", "miss")).isEqualTo("miss");
		assertThat(cache.hasKey("foo")).isFalse();
		assertThat(cache.delete("foo")).isFalse();
		assertThat(other.<String>get("foo")).isEqualTo("planted");
	}

	@Test
	void get_fileOverMaxEntrySize_isALoggedMissWithoutReadingIt(CapturedOutput output) throws Exception {
		FileBasedCache cache = cache(this.temp, (builder) -> builder.option("max-entry-size", 4096));
		Files.write(fileOf(cache, "foo"), EntryFormat.write(EntryFormat.NEVER, new byte[1_000_000]));
		ReadCost cost = ReadCost.of(() -> cache.get("foo", "miss"));
		assertThat(cost.value()).as("%s", cost).isEqualTo("miss");
		assertThat(cost.allocatedBytes()).as("%s", cost).isLessThan(500_000);
		assertThat(output).contains("holds 1000021 bytes, more than options.max-entry-size (4096)");
	}

	@Test
	void set_valueOverMaxEntrySize_isNotStoredAndDropsTheOldValue(CapturedOutput output) {
		FileBasedCache cache = cache(this.temp, (builder) -> builder.option("max-entry-size", 4096));
		cache.set("foo", "small");
		cache.set("foo", "x".repeat(5_000));
		assertThat(cache.get("foo", "miss")).isEqualTo("miss");
		assertThat(cache.add("foo", "y".repeat(5_000))).isFalse();
		assertThat(output).contains("key ':1:foo' not stored").contains("over options.max-entry-size (4096)");
		assertThat(cache.add("foo", "small")).isTrue();
	}

	@Test
	void maxEntrySize_smallerThanAHeader_failsAtStartup() {
		assertThatExceptionOfType(InvalidCacheBackendException.class)
			.isThrownBy(() -> cache(this.temp, (builder) -> builder.option("max-entry-size", 20)))
			.withMessageContaining("max-entry-size")
			.withMessageContaining("at least 21");
	}

	@Test
	void get_fromAnInterruptedThread_stillReads() {
		FileBasedCache cache = cache();
		cache.set("foo", "bar");
		Thread.currentThread().interrupt();
		try {
			assertThat(cache.<String>get("foo")).isEqualTo("bar");
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
	}

	// Expiry, on the alias's clock

	@Test
	void expiredFile_isAMissAndIsRemoved() throws Exception {
		FileBasedCache cache = cache();
		cache.set("foo", "bar", Duration.ofSeconds(10));
		this.clock.advance(Duration.ofMillis(9_999));
		assertThat(cache.hasKey("foo")).isTrue();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(cache.hasKey("foo")).isFalse();
		assertThat(fileOf(cache, "foo")).doesNotExist();
	}

	/**
	 * Django's {@code FileBasedCache} inherits {@code BaseCache.incr}, which re-stores
	 * the sum with the default timeout; here under the key's lock.
	 */
	@Test
	void incr_rewritesTheEntryWithTheDefaultTimeout() throws Exception {
		FileBasedCache cache = cache();
		cache.set("n", 1, Duration.ofSeconds(10));
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(cache.incr("n", 4)).isEqualTo(5);
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(cache.<Long>get("n")).isEqualTo(5L);
		this.clock.advance(Duration.ofSeconds(295));
		assertThat(cache.<Long>get("n")).isNull();
	}

	@Test
	void incr_overflow_isACacheExceptionAndKeepsTheValue() {
		FileBasedCache cache = cache();
		cache.set("n", Long.MAX_VALUE);
		assertThatExceptionOfType(dev.cachette.cache.CacheException.class).isThrownBy(() -> cache.incr("n"))
			.withMessageContaining("would overflow a long");
		assertThat(cache.<Long>get("n")).isEqualTo(Long.MAX_VALUE);
	}

	@Test
	void delete_expiredEntry_returnsFalseAndRemovesTheFile() throws Exception {
		FileBasedCache cache = cache();
		cache.set("foo", "bar", Duration.ofSeconds(1));
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(cache.delete("foo")).isFalse();
		assertThat(fileOf(cache, "foo")).doesNotExist();
	}

	// Culling: Django's test_cull and test_zero_cull

	@Test
	void cull_deletesAThirdOfTheEntriesWhenFull() {
		assertThat(keysLeftAfterFilling(3)).isEqualTo(29);
	}

	@Test
	void cull_withZeroFrequency_deletesEveryEntryWhenFull() {
		assertThat(keysLeftAfterFilling(0)).isEqualTo(19);
	}

	private long keysLeftAfterFilling(int cullFrequency) {
		FileBasedCache cache = cache(this.temp,
				(builder) -> builder.option("max-entries", 30).option("cull-frequency", cullFrequency));
		IntStream.range(1, 50).forEach((i) -> cache.set("cull" + i, "value", Duration.ofSeconds(1000)));
		return IntStream.range(1, 50).filter((i) -> cache.hasKey("cull" + i)).count();
	}

	@Test
	void statistics_sizeIsTheFileCountAndEvictionsTheCulledFiles() {
		FileBasedCache cache = cache(this.temp,
				(builder) -> builder.option("max-entries", 30).option("cull-frequency", 3));
		IntStream.range(0, 20).forEach((i) -> cache.set("s" + i, i));
		assertThat(cache.statistics().size()).isEqualTo(20);
		assertThat(cache.statistics().evictions()).isZero();
		IntStream.range(20, 31).forEach((i) -> cache.set("s" + i, i));
		// The 31st write found 30 files and deleted a third of them.
		assertThat(cache.statistics().evictions()).isEqualTo(10);
		assertThat(cache.statistics().size()).isEqualTo(21);
	}

	@Test
	void cull_countsFilesWrittenBeforeStartup() {
		FileBasedCache first = cache(this.temp, (builder) -> builder.option("max-entries", 10));
		IntStream.range(0, 10).forEach((i) -> first.set("k" + i, i));
		first.close();
		FileBasedCache second = cache(this.temp, (builder) -> builder.option("max-entries", 10));
		second.set("one-more", 1);
		assertThat(IntStream.range(0, 10).filter((i) -> second.hasKey("k" + i)).count()).isEqualTo(7);
	}

	// Clear

	@Test
	void clear_removesOnlyCacheFiles() throws Exception {
		FileBasedCache cache = cache();
		Path other = Files.writeString(this.temp.resolve("not-a-cache-file"), "keep me");
		cache.set("a", 1);
		cache.set("b", "two");
		cache.clear();
		assertThat(cacheFiles()).isEmpty();
		assertThat(other).exists();
		assertThat(this.temp).isDirectory();
		assertThat(cache.hasKey("a")).isFalse();
	}

	@Test
	void clear_removesTemporaryFilesACrashedWriterLeft() throws Exception {
		FileBasedCache cache = cache();
		Path abandoned = Files.write(this.temp.resolve("abc.1234.cachette-tmp"), new byte[] { 1 });
		Files.setLastModifiedTime(abandoned,
				java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 120_000));
		Path inProgress = Files.write(this.temp.resolve("abc.5678.cachette-tmp"), new byte[] { 1 });
		cache.clear();
		assertThat(abandoned).doesNotExist();
		assertThat(inProgress).exists();
	}

	// I/O failures

	@Test
	void ioFailure_isCacheUnavailableNamingTheDirectory() throws Exception {
		FileBasedCache cache = cache(this.temp, (builder) -> builder.option("strict", true));
		// A directory where the key's file should be: reading and replacing it fail.
		Files.createDirectory(fileOf(cache, "foo"));
		assertThatExceptionOfType(CacheUnavailableException.class).isThrownBy(() -> cache.get("foo"))
			.withMessageContaining("Cache 'files' could not read an entry")
			.withMessageContaining(this.temp.toRealPath().toString());
		assertThatExceptionOfType(CacheUnavailableException.class).isThrownBy(() -> cache.set("foo", "bar"))
			.withMessageContaining("could not write an entry");
	}

	@Test
	void ioFailure_withIgnoreExceptions_isALoggedMiss(CapturedOutput output) throws Exception {
		FileBasedCache cache = cache(this.temp, (builder) -> builder.option("ignore-exceptions", true));
		Files.createDirectory(fileOf(cache, "foo"));
		assertThat(cache.get("foo", "default")).isEqualTo("default");
		cache.set("foo", "bar");
		assertThat(cache.add("foo", "bar")).isFalse();
		assertThat(output).contains("ignore-exceptions is deprecated");
	}

	/**
	 * CI runs on Linux, where the directory's permissions must be checked, never skipped.
	 */
	private void requirePosixPermissions() {
		TestServers.require(CacheDirectory.supportsPosix(this.temp), "a file system with POSIX permissions");
	}

}
