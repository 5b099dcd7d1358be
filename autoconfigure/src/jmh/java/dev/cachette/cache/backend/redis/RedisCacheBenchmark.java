package dev.cachette.cache.backend.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.cachette.cache.serialization.Serializer;
import dev.cachette.cache.settings.CacheSettings;

/**
 * {@link RedisCache} beside raw Lettuce doing the same work, in one run, against the
 * Redis of {@code CACHETTE_REDIS_URL} (default {@code redis://127.0.0.1:6379/9}):
 * {@code get} and {@code set} of one key (a 5-minute timeout), {@code getMany} and
 * {@code setMany} of 100 keys.
 *
 * <p>
 * The {@code lettuce} side is what a Lettuce user would write by hand on one
 * {@code byte[]} connection: {@code GET}, {@code SET PX}, {@code MGET}, and for
 * {@code setMany} 100 {@code SET PX} pipelined (auto-flush off, one flush, then every
 * reply awaited) on a dedicated connection. It stores the same bytes Cachette does
 * (serialized once, up front), so the difference is Cachette's own cost: key making,
 * serialization, Spring Data's connection layer.
 *
 * <p>
 * Run with {@code ./mvnw -pl autoconfigure -Pjmh test-compile exec:exec
 * -Djmh.args="RedisCacheBenchmark"} (add {@code -t 4} to {@code jmh.args} for four
 * threads).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RedisCacheBenchmark {

	private static final String URL = System.getenv().getOrDefault("CACHETTE_REDIS_URL", "redis://127.0.0.1:6379/9");

	private static final int MANY = 100;

	private static final Duration TIMEOUT = Duration.ofMinutes(5);

	@Param({ "cachette", "lettuce" })
	public String impl;

	private Impl target;

	@Setup(Level.Trial)
	public void setUp() {
		this.target = "cachette".equals(this.impl) ? new Cachette() : new Lettuce();
		this.target.setMany();
		this.target.set();
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.target.close();
	}

	@Benchmark
	public Object get() {
		return this.target.get();
	}

	@Benchmark
	public void set() {
		this.target.set();
	}

	@Benchmark
	public Object getMany() {
		return this.target.getMany();
	}

	@Benchmark
	public void setMany() {
		this.target.setMany();
	}

	/** The four operations, on one side. */
	private interface Impl extends AutoCloseable {

		Object get();

		void set();

		Object getMany();

		void setMany();

		@Override
		void close();

	}

	/** Cachette's API. */
	private static final class Cachette implements Impl {

		private final RedisCache cache = new RedisCache(
				CacheSettings.builder("bench").backend("redis").location(URL).keyPrefix("bench").build());

		private final List<String> keys = new ArrayList<>();

		private final Map<String, Object> values = new LinkedHashMap<>();

		Cachette() {
			for (int i = 0; i < MANY; i++) {
				this.keys.add("many" + i);
				this.values.put("many" + i, "value number " + i);
			}
		}

		@Override
		public Object get() {
			return this.cache.get("one");
		}

		@Override
		public void set() {
			this.cache.set("one", "the value of one", TIMEOUT);
		}

		@Override
		public Object getMany() {
			return this.cache.getMany(this.keys);
		}

		@Override
		public void setMany() {
			this.cache.setMany(this.values, TIMEOUT);
		}

		@Override
		public void close() {
			this.cache.close();
		}

	}

	/** Raw Lettuce, the same keys and bytes. */
	private static final class Lettuce implements Impl {

		private final RedisClient client = RedisClient.create(RedisURI.create(URL));

		private final StatefulRedisConnection<byte[], byte[]> connection = this.client.connect(ByteArrayCodec.INSTANCE);

		private final StatefulRedisConnection<byte[], byte[]> pipeline = this.client.connect(ByteArrayCodec.INSTANCE);

		private final RedisCommands<byte[], byte[]> commands = this.connection.sync();

		private final SetArgs px = SetArgs.Builder.px(TIMEOUT.toMillis());

		private final byte[] one = bytes("bench:1:one");

		private final byte[] oneValue;

		private final byte[][] keys = new byte[MANY][];

		private final byte[][] values = new byte[MANY][];

		Lettuce() {
			Serializer serializer = CacheSettings.builder("bench").build().serializer();
			this.oneValue = serializer.serialize("the value of one");
			for (int i = 0; i < MANY; i++) {
				this.keys[i] = bytes("bench:1:many" + i);
				this.values[i] = serializer.serialize("value number " + i);
			}
			this.pipeline.setAutoFlushCommands(false);
		}

		private static byte[] bytes(String text) {
			return text.getBytes(StandardCharsets.UTF_8);
		}

		@Override
		public Object get() {
			return this.commands.get(this.one);
		}

		@Override
		public void set() {
			this.commands.set(this.one, this.oneValue, this.px);
		}

		@Override
		public Object getMany() {
			return this.commands.mget(this.keys);
		}

		@Override
		public void setMany() {
			List<RedisFuture<String>> replies = new ArrayList<>(MANY);
			for (int i = 0; i < MANY; i++) {
				replies.add(this.pipeline.async().set(this.keys[i], this.values[i], this.px));
			}
			this.pipeline.flushCommands();
			LettuceFutures.awaitAll(Duration.ofSeconds(5), replies.toArray(new RedisFuture[0]));
		}

		@Override
		public void close() {
			this.connection.close();
			this.pipeline.close();
			this.client.shutdown();
		}

	}

}
