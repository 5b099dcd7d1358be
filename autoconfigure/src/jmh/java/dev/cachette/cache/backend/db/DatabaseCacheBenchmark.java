package dev.cachette.cache.backend.db;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

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

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.cachette.cache.settings.CacheSettings;

/**
 * {@link DatabaseCache} on PostgreSQL against a raw {@link JdbcTemplate} running the same
 * statements by hand, in one table: {@code impl} is {@code cachette} or {@code jdbc}.
 *
 * <p>
 * Each trial fills 1,000 keys with 100-byte values in table {@code bench_cache}
 * ({@code max-entries} 100,000, so nothing is culled), then measures {@code get} and
 * {@code set} of one random key, and {@code getMany} and {@code setMany} of 100. The
 * {@code jdbc} side sends only the statement that does the work (the {@code SELECT}, the
 * upsert, the {@code SELECT ... IN}, the batch of upserts in one transaction) with bytes
 * it encoded once; {@code cachette} adds key making, serialization, expiry checks and, on
 * every {@code set}, Django's {@code SELECT COUNT(*)} for culling. The database is
 * {@code CACHETTE_POSTGRES_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/test}).
 *
 * <p>
 * Run from the repository root:
 *
 * <pre>
 * ./mvnw -pl autoconfigure -Pjmh test-compile exec:exec \
 *     -Djmh.args="DatabaseCacheBenchmark -f 1 -wi 2 -w 2s -i 3 -r 3s"
 * </pre>
 *
 * Add {@code -t 4} for four threads on one pool of 12 connections.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DatabaseCacheBenchmark {

	private static final int KEYS = 1000;

	private static final int MANY = 100;

	private static final String TABLE = "bench_cache";

	/** The implementation measured. */
	@Param({ "cachette", "jdbc" })
	public String impl;

	private DatabaseCache cache;

	private Raw raw;

	private final String value = "v".repeat(100);

	@Setup(Level.Trial)
	public void setUp() {
		DataSource dataSource = TestDatabase.POSTGRESQL.dataSource();
		TestDatabase.POSTGRESQL.dropTable(TABLE);
		this.cache = new DatabaseCache(CacheSettings.builder("bench")
			.backend("database")
			.location(TABLE)
			.option("max-entries", 100_000)
			.option("create-table", true)
			.build(), dataSource);
		Map<String, Object> values = new LinkedHashMap<>();
		for (int i = 0; i < KEYS; i++) {
			values.put("key" + i, this.value);
		}
		this.cache.setMany(values);
		this.raw = new Raw(dataSource, this.cache.makeKey("x").replace("x", ""));
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.cache.close();
		TestDatabase.POSTGRESQL.dropTable(TABLE);
	}

	@Benchmark
	public Object get() {
		String key = "key" + ThreadLocalRandom.current().nextInt(KEYS);
		return "cachette".equals(this.impl) ? this.cache.get(key) : this.raw.get(key);
	}

	@Benchmark
	public void set() {
		String key = "key" + ThreadLocalRandom.current().nextInt(KEYS);
		if ("cachette".equals(this.impl)) {
			this.cache.set(key, this.value);
		}
		else {
			this.raw.set(key);
		}
	}

	@Benchmark
	public Object getMany() {
		List<String> keys = randomKeys();
		return "cachette".equals(this.impl) ? this.cache.getMany(keys) : this.raw.getMany(keys);
	}

	@Benchmark
	public Object setMany() {
		List<String> keys = randomKeys();
		if ("cachette".equals(this.impl)) {
			Map<String, Object> values = new LinkedHashMap<>();
			keys.forEach((key) -> values.put(key, this.value));
			return this.cache.setMany(values);
		}
		this.raw.setMany(keys);
		return keys;
	}

	private static List<String> randomKeys() {
		int start = ThreadLocalRandom.current().nextInt(KEYS - MANY);
		List<String> keys = new ArrayList<>(MANY);
		for (int i = 0; i < MANY; i++) {
			keys.add("key" + (start + i));
		}
		return keys;
	}

	/**
	 * What an application would write by hand with Spring JDBC: the same SQL, nothing
	 * else.
	 */
	static final class Raw {

		private static final String SELECT = "SELECT \"value\", \"expires\" FROM \"" + TABLE
				+ "\" WHERE \"cache_key\" = ?";

		private static final String UPSERT = "INSERT INTO \"" + TABLE
				+ "\" (\"cache_key\", \"value\", \"expires\") VALUES (?, ?, ?) ON CONFLICT (\"cache_key\")"
				+ " DO UPDATE SET \"value\" = EXCLUDED.\"value\", \"expires\" = EXCLUDED.\"expires\"";

		private static final String SELECT_MANY = "SELECT \"cache_key\", \"value\", \"expires\" FROM \"" + TABLE
				+ "\" WHERE \"cache_key\" IN (" + String.join(", ", Collections.nCopies(MANY, "?")) + ")";

		private final JdbcTemplate jdbc;

		private final TransactionTemplate transactions;

		private final String prefix;

		private final byte[] bytes = "v".repeat(100).getBytes(java.nio.charset.StandardCharsets.UTF_8);

		Raw(DataSource dataSource, String prefix) {
			this.jdbc = new JdbcTemplate(dataSource);
			this.transactions = new TransactionTemplate(new JdbcTransactionManager(dataSource));
			this.prefix = prefix;
		}

		byte[] get(String key) {
			LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
			return this.jdbc.query(SELECT, (ResultSetExtractor<byte[]>) (
					rs) -> (rs.next() && rs.getObject(2, LocalDateTime.class).isAfter(now)) ? rs.getBytes(1) : null,
					this.prefix + key);
		}

		void set(String key) {
			this.jdbc.update(UPSERT, this.prefix + key, this.bytes, LocalDateTime.now(ZoneOffset.UTC).plusMinutes(5));
		}

		Map<String, byte[]> getMany(List<String> keys) {
			LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
			Map<String, byte[]> found = new LinkedHashMap<>();
			this.jdbc.query(SELECT_MANY, (rs) -> {
				if (rs.getObject(3, LocalDateTime.class).isAfter(now)) {
					found.put(rs.getString(1), rs.getBytes(2));
				}
			}, keys.stream().map((key) -> this.prefix + key).toArray());
			return found;
		}

		void setMany(List<String> keys) {
			LocalDateTime expires = LocalDateTime.now(ZoneOffset.UTC).plusMinutes(5);
			List<Object[]> rows = new ArrayList<>();
			keys.forEach((key) -> rows.add(new Object[] { this.prefix + key, this.bytes, expires }));
			this.transactions.executeWithoutResult((status) -> this.jdbc.batchUpdate(UPSERT, rows));
		}

	}

}
