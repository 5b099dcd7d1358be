package dev.cachette.cache.backend.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.cachette.cache.settings.CacheSettings;

/**
 * {@link FileBasedCache} against hand-written file I/O doing the same work, in one table:
 * the competitor is a {@code @Param}.
 *
 * <p>
 * Each trial uses a fresh temporary directory and pre-fills 1,000 keys {@code page:<n>}
 * with a 100-character string; then it measures {@code get} (a hit), {@code set}
 * (overwriting a present key), {@code getMany} and {@code setMany} of 100 keys.
 * {@code impl} is
 * <ul>
 * <li>{@code cachette}: {@code FileBasedCache} ({@code max-entries} raised to 100,000 so
 * nothing is culled): SHA-256 file name, header with expiry and checksum, Java
 * serialization through the allow-list, key lock, temporary file and atomic rename;</li>
 * <li>{@code raw}: {@code Files.write} and {@code Files.readAllBytes} of the string's
 * UTF-8 bytes at a path made from the key's SHA-256: no expiry, no serialization, no
 * lock, and a reader can see a half-written file;</li>
 * <li>{@code rawAtomic}: {@code raw} writing a temporary file and renaming it into place,
 * the least a correct file cache must do.</li>
 * </ul>
 *
 * <p>
 * Run from the repository root:
 *
 * <pre>
 * ./mvnw -pl autoconfigure -Pjmh test-compile exec:exec \
 *     -Djmh.args="FileBasedCacheBenchmark -f 1 -wi 2 -w 2s -i 3 -r 2s"
 * </pre>
 *
 * Results depend on the file system far more than on the code: quote the file system
 * ({@code df -T}) with them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FileBasedCacheBenchmark {

	private static final int KEYS = 1000;

	private static final int BATCH = 100;

	/** The implementation measured. */
	@Param({ "cachette", "raw", "rawAtomic" })
	public String impl;

	private final String[] keys = new String[KEYS];

	private final String value = "x".repeat(100);

	private Path directory;

	private Operations operations;

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		this.directory = Files.createTempDirectory("cachette-jmh");
		for (int i = 0; i < KEYS; i++) {
			this.keys[i] = "page:" + i;
		}
		this.operations = switch (this.impl) {
			case "cachette" -> new CachetteOperations(this.directory);
			case "raw" -> new RawOperations(this.directory, false);
			case "rawAtomic" -> new RawOperations(this.directory, true);
			default -> throw new IllegalArgumentException(this.impl);
		};
		for (String key : this.keys) {
			this.operations.set(key, this.value);
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() throws IOException {
		this.operations.close();
		try (Stream<Path> files = Files.walk(this.directory)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(file);
			}
		}
	}

	@Benchmark
	public @Nullable Object get() {
		return this.operations.get(this.keys[ThreadLocalRandom.current().nextInt(KEYS)]);
	}

	@Benchmark
	public void set() {
		this.operations.set(this.keys[ThreadLocalRandom.current().nextInt(KEYS)], this.value);
	}

	@Benchmark
	public Map<String, @Nullable Object> getMany() {
		return this.operations.getMany(batch());
	}

	@Benchmark
	public void setMany() {
		Map<String, Object> values = new LinkedHashMap<>();
		for (String key : batch()) {
			values.put(key, this.value);
		}
		this.operations.setMany(values);
	}

	private List<String> batch() {
		int start = ThreadLocalRandom.current().nextInt(KEYS - BATCH);
		return List.of(this.keys).subList(start, start + BATCH);
	}

	/** One implementation's operations. */
	interface Operations {

		@Nullable Object get(String key);

		void set(String key, Object value);

		Map<String, @Nullable Object> getMany(List<String> keys);

		void setMany(Map<String, Object> values);

		void close();

	}

	/** The backend itself. */
	static final class CachetteOperations implements Operations {

		private final FileBasedCache cache;

		CachetteOperations(Path directory) {
			this.cache = new FileBasedCache(CacheSettings.builder("jmh")
				.backend("filebased")
				.location(directory.toString())
				.option("max-entries", 100_000)
				.build());
		}

		@Override
		public @Nullable Object get(String key) {
			return this.cache.get(key);
		}

		@Override
		public void set(String key, Object value) {
			this.cache.set(key, value);
		}

		@Override
		public Map<String, @Nullable Object> getMany(List<String> keys) {
			return this.cache.getMany(keys);
		}

		@Override
		public void setMany(Map<String, Object> values) {
			this.cache.setMany(values);
		}

		@Override
		public void close() {
			this.cache.close();
		}

	}

	/** What an application might write by hand: one file per key, nothing else. */
	static final class RawOperations implements Operations {

		private final Path directory;

		private final boolean atomic;

		RawOperations(Path directory, boolean atomic) {
			this.directory = directory;
			this.atomic = atomic;
		}

		private Path file(String key) {
			return this.directory.resolve(CacheDirectory.fileName(key) + ".raw");
		}

		@Override
		public @Nullable Object get(String key) {
			try {
				return new String(Files.readAllBytes(file(key)), StandardCharsets.UTF_8);
			}
			catch (java.nio.file.NoSuchFileException ex) {
				return null;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		@Override
		public void set(String key, Object value) {
			byte[] bytes = ((String) value).getBytes(StandardCharsets.UTF_8);
			try {
				if (this.atomic) {
					Path temp = Files.createTempFile(this.directory, "raw", ".tmp");
					Files.write(temp, bytes);
					Files.move(temp, file(key), StandardCopyOption.ATOMIC_MOVE);
				}
				else {
					Files.write(file(key), bytes);
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		@Override
		public Map<String, @Nullable Object> getMany(List<String> keys) {
			Map<String, @Nullable Object> found = new LinkedHashMap<>();
			for (String key : keys) {
				Object value = get(key);
				if (value != null) {
					found.put(key, value);
				}
			}
			return found;
		}

		@Override
		public void setMany(Map<String, Object> values) {
			values.forEach(this::set);
		}

		@Override
		public void close() {
		}

	}

}
