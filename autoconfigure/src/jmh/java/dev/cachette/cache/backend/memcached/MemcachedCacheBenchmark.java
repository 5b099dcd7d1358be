package dev.cachette.cache.backend.memcached;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.spotify.folsom.AsciiMemcacheClient;
import com.spotify.folsom.MemcacheClientBuilder;
import com.spotify.folsom.MemcacheStatus;
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
import org.openjdk.jmh.annotations.Threads;

import dev.cachette.cache.settings.CacheSettings;

/**
 * {@link MemcachedCache} against raw folsom doing the same operations on the same server
 * at the same concurrency: {@code get}, {@code set}, {@code getMany} and {@code setMany}
 * of 100 keys. The raw client stores bytes made once; Cachette serializes each value
 * (Java serialization of a 100-character string), validates and prefixes each key.
 *
 * <p>
 * Needs memcached on {@code CACHETTE_MEMCACHED} (default {@code 127.0.0.1:11211}). Run:
 * {@code ./mvnw -pl autoconfigure -Pjmh test-compile exec:exec -Djmh.args="MemcachedCacheBenchmark -f 1 -wi 3 -i 5"}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(4)
public class MemcachedCacheBenchmark {

	private static final int BATCH = 100;

	private static final String VALUE = "v".repeat(100);

	@Param({ "cachette", "folsom" })
	public String impl;

	private Operations operations;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		String address = System.getenv().getOrDefault("CACHETTE_MEMCACHED", "127.0.0.1:11211");
		this.operations = "cachette".equals(this.impl) ? new Cachette(address) : new Folsom(address);
		this.operations.set("bench");
		this.operations.setMany();
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.operations.close();
	}

	@Benchmark
	public Object get() {
		return this.operations.get("bench");
	}

	@Benchmark
	public void set() {
		this.operations.set("bench");
	}

	@Benchmark
	public Object getMany() {
		return this.operations.getMany();
	}

	@Benchmark
	public Object setMany() {
		return this.operations.setMany();
	}

	private static List<String> keys(String prefix) {
		List<String> keys = new ArrayList<>();
		for (int i = 0; i < BATCH; i++) {
			keys.add(prefix + "many" + i);
		}
		return keys;
	}

	/** The four operations, by one implementation. */
	private interface Operations extends AutoCloseable {

		Object get(String key);

		void set(String key);

		Object getMany();

		Object setMany();

		@Override
		void close();

	}

	private static final class Cachette implements Operations {

		private final MemcachedCache cache;

		private final List<String> keys = keys("");

		private final Map<String, Object> values = new LinkedHashMap<>();

		Cachette(String address) {
			// Long waits: a loaded machine must slow the benchmark down, not fail it.
			this.cache = new MemcachedCache(CacheSettings.builder("bench")
				.location(address)
				.keyPrefix("bench")
				.timeout(java.time.Duration.ofMinutes(10))
				.option("connect-timeout", "10s")
				.option("operation-timeout", "5s")
				.build());
			this.keys.forEach((key) -> this.values.put(key, VALUE));
		}

		@Override
		public Object get(String key) {
			return this.cache.get(key);
		}

		@Override
		public void set(String key) {
			this.cache.set(key, VALUE);
		}

		@Override
		public Object getMany() {
			return this.cache.getMany(this.keys);
		}

		@Override
		public Object setMany() {
			return this.cache.setMany(this.values);
		}

		@Override
		public void close() {
			this.cache.close();
		}

	}

	private static final class Folsom implements Operations {

		private final AsciiMemcacheClient<byte[]> client;

		private final byte[] value = new dev.cachette.cache.serialization.JavaSerializer(
				dev.cachette.cache.serialization.AllowList.defaults())
			.serialize(VALUE);

		// The keys Cachette stores: prefix:version:key.
		private final List<String> keys = keys("bench:1:");

		Folsom(String address) throws Exception {
			int colon = address.lastIndexOf(':');
			this.client = MemcacheClientBuilder.newByteArrayClient()
				.withAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)))
				.withReplyExecutor(null)
				.connectAscii();
			this.client.awaitFullyConnected(10, TimeUnit.SECONDS);
		}

		@Override
		public Object get(String key) {
			return await(this.client.get("bench:1:" + key).toCompletableFuture());
		}

		@Override
		public void set(String key) {
			await(this.client.set("bench:1:" + key, this.value, 600).toCompletableFuture());
		}

		@Override
		public Object getMany() {
			return await(this.client.get(this.keys).toCompletableFuture());
		}

		@Override
		public Object setMany() {
			List<CompletableFuture<MemcacheStatus>> sent = new ArrayList<>(BATCH);
			for (String key : this.keys) {
				sent.add(this.client.set(key, this.value, 600).toCompletableFuture());
			}
			return await(CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)));
		}

		@Override
		public void close() {
			this.client.shutdown();
		}

		private static <T> T await(CompletableFuture<T> future) {
			try {
				return future.get(5, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
