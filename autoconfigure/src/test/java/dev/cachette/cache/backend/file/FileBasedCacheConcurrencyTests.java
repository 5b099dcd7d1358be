package dev.cachette.cache.backend.file;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cachette.cache.Cache;
import dev.cachette.cache.FakeClock;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Atomicity of the file-based backend: torn reads, {@code incr} and {@code add} under
 * threads of one JVM, and {@code incr} across two processes.
 */
class FileBasedCacheConcurrencyTests {

	private static final int THREADS = 8;

	@TempDir
	Path temp;

	private final ExecutorService executor = Executors.newFixedThreadPool(THREADS + 1);

	private final List<FileBasedCache> opened = new ArrayList<>();

	@AfterEach
	void close() {
		this.executor.shutdownNow();
		this.opened.forEach(FileBasedCache::close);
	}

	private FileBasedCache cache() {
		FileBasedCache cache = new FileBasedCache(CacheSettings.builder("files")
			.backend("filebased")
			.location(this.temp.toString())
			.option("max-entries", 100_000)
			.build());
		this.opened.add(cache);
		return cache;
	}

	/**
	 * Concurrent {@code add}s of one key have one winner even when every write culls: an
	 * add's cull spares the file of the key it adds, which a concurrent add may just have
	 * written (Django's cull could delete it, and a second add would succeed too).
	 */
	@Test
	void add_concurrentlyOnOneKeyAtMaxEntries_succeedsExactlyOnce() throws Exception {
		FileBasedCache cache = new FileBasedCache(CacheSettings.builder("files")
			.backend("filebased")
			.location(this.temp.toString())
			.option("max-entries", 1)
			.option("cull-frequency", 0)
			.build());
		this.opened.add(cache);
		cache.set("filler", 0);
		for (int round = 0; round < 100; round++) {
			String key = "contended" + round;
			List<Boolean> results = runTogether(THREADS, () -> cache.add(key, "value"));
			assertThat(results).as("round " + round).containsOnlyOnce(true);
		}
	}

	private <T> List<T> runTogether(int threads, Callable<T> task) throws Exception {
		CyclicBarrier start = new CyclicBarrier(threads);
		List<Future<T>> futures = new ArrayList<>();
		for (int i = 0; i < threads; i++) {
			futures.add(this.executor.submit(() -> {
				start.await();
				return task.call();
			}));
		}
		List<T> results = new ArrayList<>();
		for (Future<T> future : futures) {
			results.add(future.get(120, TimeUnit.SECONDS));
		}
		return results;
	}

	@Test
	void incr_eightThreadsTimesAThousand_endsAtEightThousand() throws Exception {
		FileBasedCache cache = cache();
		cache.set("counter", 0, Cache.FOREVER);
		runTogether(THREADS, () -> {
			for (int i = 0; i < 1_000; i++) {
				cache.incr("counter");
			}
			return null;
		});
		assertThat(cache.<Long>get("counter")).isEqualTo(8_000L);
	}

	@Test
	void add_concurrentlyOnOneKey_succeedsExactlyOnce() throws Exception {
		FileBasedCache cache = cache();
		for (int round = 0; round < 50; round++) {
			String key = "key" + round;
			List<Boolean> results = runTogether(THREADS,
					() -> cache.add(key, Thread.currentThread().getName(), Duration.ofMinutes(1)));
			assertThat(results).as("round %d", round).containsOnlyOnce(true);
		}
	}

	@Test
	void add_concurrentlyOverAnExpiredEntry_succeedsExactlyOnce() throws Exception {
		FakeClock clock = new FakeClock();
		FileBasedCache cache = new FileBasedCache(CacheSettings.builder("files")
			.backend("filebased")
			.location(this.temp.toString())
			.clock(clock)
			.build());
		this.opened.add(cache);
		for (int round = 0; round < 20; round++) {
			cache.set("key", "old", Duration.ofSeconds(1));
			clock.advance(Duration.ofSeconds(2));
			List<Boolean> results = runTogether(THREADS, () -> cache.add("key", "new", Duration.ofMinutes(1)));
			assertThat(results).as("round %d", round).containsOnlyOnce(true);
		}
	}

	@Test
	void get_whileAWriterRewritesALargeValue_neverSeesATornValue() throws Exception {
		FileBasedCache cache = cache();
		int size = 512 * 1024;
		cache.set("big", filled(size, (byte) 0));
		AtomicBoolean writing = new AtomicBoolean(true);
		Future<Integer> writer = this.executor.submit(() -> {
			int generation = 0;
			long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
			while (System.nanoTime() < end || generation < 50) {
				cache.set("big", filled(size, (byte) ++generation));
			}
			writing.set(false);
			return generation;
		});
		List<Integer> reads = runTogether(3, () -> {
			int count = 0;
			while (writing.get()) {
				byte[] value = cache.get("big");
				assertThat(value).hasSize(size);
				byte first = value[0];
				for (byte b : value) {
					if (b != first) {
						throw new AssertionError("torn value: bytes " + first + " and " + b);
					}
				}
				count++;
			}
			return count;
		});
		assertThat(writer.get()).isGreaterThanOrEqualTo(50);
		assertThat(reads).allSatisfy((count) -> assertThat(count).isPositive());
	}

	private static byte[] filled(int size, byte value) {
		byte[] bytes = new byte[size];
		Arrays.fill(bytes, value);
		return bytes;
	}

	@Test
	void incr_fromTwoProcesses_losesNoUpdate() throws Exception {
		FileBasedCache cache = cache();
		cache.set("shared", 0, Cache.FOREVER);
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				IncrementingProcess.class.getName(), this.temp.toString(), "shared", "1000")
			.redirectErrorStream(true)
			.start();
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
			// Start once the child is about to increment, so that the two really overlap.
			List<String> lines = new ArrayList<>();
			String line;
			while ((line = output.readLine()) != null && !line.equals("ready")) {
				lines.add(line);
			}
			assertThat(line).as("child output %s", lines).isEqualTo("ready");
			runTogether(2, () -> {
				for (int i = 0; i < 500; i++) {
					cache.incr("shared");
				}
				return null;
			});
			while ((line = output.readLine()) != null && !line.equals("done")) {
				lines.add(line);
			}
			assertThat(line).as("child output %s", lines).isEqualTo("done");
		}
		assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
		assertThat(cache.<Long>get("shared")).isEqualTo(2_000L);
	}

}
