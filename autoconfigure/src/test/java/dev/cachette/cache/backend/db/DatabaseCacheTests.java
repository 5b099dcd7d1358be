package dev.cachette.cache.backend.db;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheException;
import dev.cachette.cache.CacheUnavailableException;
import dev.cachette.cache.CacheValueNotIntegerException;
import dev.cachette.cache.Concurrently;
import dev.cachette.cache.FakeClock;
import dev.cachette.cache.InvalidCacheBackendException;
import dev.cachette.cache.TestServers;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the database backend does beyond the contract suite, run on each database by a
 * subclass: Django's culling tests, {@code createcachetable}, the read data source,
 * atomic {@code incr} and {@code add} under concurrency, and failures.
 */
abstract class DatabaseCacheTests {

	private final FakeClock clock = new FakeClock();

	private final List<Cache> caches = new ArrayList<>();

	private DataSource dataSource;

	private JdbcTemplate jdbc;

	private String table;

	/** The database this subclass tests. */
	abstract TestDatabase database();

	@BeforeEach
	void createTable() {
		this.dataSource = database().dataSource();
		this.jdbc = new JdbcTemplate(this.dataSource);
		// Django's DBCacheTests table: spaces, so that every statement must quote it.
		this.table = "test cache table";
		database().dropTable(this.table);
		cache(settings()).createTable(false, (line) -> {
		});
	}

	@AfterEach
	void dropTable() {
		this.caches.forEach(Cache::close);
		database().dropTable(this.table);
	}

	// Storage

	@Test
	void set_storesIntegersAsDecimalTextAndExpiryFromTheAliasClock() {
		DatabaseCache cache = cache(settings());
		cache.set("answer", 42, Duration.ofSeconds(30));
		Map<String, Object> row = this.jdbc.queryForMap("SELECT " + q("value") + ", " + q("expires") + " FROM "
				+ q(this.table) + " WHERE " + q("cache_key") + " = ?", ":1:answer");
		assertThat((byte[]) row.get("value")).asString().isEqualTo("42");
		assertThat(expires(":1:answer"))
			.isEqualTo(LocalDateTime.ofInstant(FakeClock.START.plusSeconds(30), ZoneOffset.UTC));
		assertThat(cache.<Object>get("answer")).isEqualTo(42L);
	}

	@Test
	void set_forever_storesDjangosMaximumDate() {
		DatabaseCache cache = cache(settings());
		cache.set("key", "value", Cache.FOREVER);
		assertThat(expires(":1:key")).isEqualTo(DatabaseCache.NEVER);
		this.clock.advance(Duration.ofDays(365 * 100));
		assertThat(cache.<String>get("key")).isEqualTo("value");
	}

	@Test
	void get_expiredRow_isAMissAndTheRowIsDeleted() {
		DatabaseCache cache = cache(settings());
		cache.set("key", "value", Duration.ofSeconds(10));
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(cache.hasKey("key")).isFalse();
		assertThat(cache.<String>get("key")).isNull();
		assertThat(rowCount()).isZero();
	}

	@Test
	void keys_differingOnlyInCaseOrTrailingSpace_areDifferentKeys() {
		DatabaseCache cache = cache(settings().option("key-warnings", false));
		cache.set("key", 1);
		cache.set("KEY", 2);
		cache.set("key ", 3);
		assertThat(cache.getMany(List.of("key", "KEY", "key "))).containsExactly(Map.entry("key", 1L),
				Map.entry("KEY", 2L), Map.entry("key ", 3L));
	}

	@Test
	void values_roundTripThroughTheBinaryColumn() {
		DatabaseCache cache = cache(settings());
		byte[] bytes = new byte[256 * 1024];
		for (int i = 0; i < bytes.length; i++) {
			bytes[i] = (byte) i;
		}
		cache.set("bytes", bytes);
		cache.set("text", "été ✓ \u0000 end");
		assertThat(cache.<byte[]>get("bytes")).isEqualTo(bytes);
		assertThat(cache.<String>get("text")).isEqualTo("été ✓ \u0000 end");
	}

	@Test
	void add_expiredRow_isReplaced() {
		DatabaseCache cache = cache(settings());
		cache.set("key", "old", Duration.ofSeconds(1));
		assertThat(cache.add("key", "new")).isFalse();
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(cache.add("key", "new")).isTrue();
		assertThat(cache.<String>get("key")).isEqualTo("new");
	}

	@Test
	void touch_expiredRow_returnsFalse() {
		DatabaseCache cache = cache(settings());
		cache.set("key", "value", Duration.ofSeconds(1));
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(cache.touch("key", Duration.ofSeconds(60))).isFalse();
		assertThat(cache.hasKey("key")).isFalse();
	}

	/**
	 * Django's {@code DatabaseCache} inherits {@code BaseCache.incr}, which re-stores the
	 * sum with the default timeout; here the same UPDATE writes value and expiry, under
	 * the row lock.
	 */
	@Test
	void incr_writesTheDefaultTimeoutIntoTheRow() {
		DatabaseCache cache = cache(settings());
		cache.set("counter", 1, Duration.ofSeconds(30));
		assertThat(cache.incr("counter", 10)).isEqualTo(11);
		assertThat(expires(":1:counter"))
			.isEqualTo(LocalDateTime.ofInstant(FakeClock.START.plusSeconds(300), ZoneOffset.UTC));
	}

	@Test
	void incr_nonInteger_throwsAndLeavesTheValue() {
		DatabaseCache cache = cache(settings());
		cache.set("text", "abc");
		assertThatExceptionOfType(CacheValueNotIntegerException.class).isThrownBy(() -> cache.incr("text"))
			.withMessageContaining("not an integer");
		assertThat(cache.<String>get("text")).isEqualTo("abc");
	}

	@Test
	void key_longerThanTheColumn_isStoredUnderItsHash() {
		DatabaseCache cache = cache(settings().option("key-warnings", false));
		String longKey = "k".repeat(300);
		String otherLongKey = "k".repeat(299) + "j";
		cache.set(longKey, "long");
		cache.set(otherLongKey, "other");
		cache.set("k".repeat(252), "fits");
		assertThat(cache.<String>get(longKey)).isEqualTo("long");
		assertThat(cache.getMany(List.of(longKey, otherLongKey))).containsExactly(Map.entry(longKey, "long"),
				Map.entry(otherLongKey, "other"));
		cache.set(longKey + "-counter", 1);
		assertThat(cache.incr(longKey + "-counter")).isEqualTo(2);
		assertThat(this.jdbc.queryForList("SELECT " + q("cache_key") + " FROM " + q(this.table), String.class))
			.allSatisfy((key) -> assertThat(key).hasSizeLessThanOrEqualTo(255))
			.contains(":1:" + "k".repeat(252), ColumnKey.of(":1:" + longKey));
		assertThat(ColumnKey.of(":1:" + longKey)).hasSize(255).startsWith(":1:kkk");
		assertThat(cache.delete(longKey)).isTrue();
		assertThat(cache.hasKey(longKey)).isFalse();
	}

	@Test
	void schemaQualifiedLocation_works() {
		DatabaseCache cache = cache(settings().location(database().schema() + "." + this.table));
		cache.set("key", "value");
		assertThat(cache.<String>get("key")).isEqualTo("value");
		assertThat(rowCount()).isOne();
	}

	// Table names that need quoting: Django's DBCacheTests run on "test cache table"

	/**
	 * Django's {@code test_createcachetable_with_table_argument} and
	 * {@code test_second_call_doesnt_crash}, on a name written already quoted, as
	 * Django's {@code quote_name} lets it be: each part quoted by hand, a doubled quote
	 * standing for one.
	 */
	@Test
	void location_alreadyQuotedSchemaAndTable_createsAndUsesThatTable() {
		String table = "cache \"quoted\" table";
		String location = "`" + database().schema() + "`.\"" + table.replace("\"", "\"\"") + "\"";
		database().dropTable(table);
		try {
			List<String> output = new ArrayList<>();
			DatabaseCache cache = cache(settings().location(location));
			assertThat(cache.createTable(false, output::add)).isTrue();
			assertThat(cache.createTable(false, output::add)).isFalse();
			assertThat(output).containsExactly("Cache table '" + location + "' created.",
					"Cache table '" + location + "' already exists.");
			cache.set("key", "value");
			assertThat(cache.<String>get("key")).isEqualTo("value");
			assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM " + q(table), Long.class)).isOne();
		}
		finally {
			database().dropTable(table);
		}
	}

	/**
	 * A location holding the database's quote character and SQL names a table of that
	 * name: the quote is doubled, so the SQL stays inside the name.
	 */
	@Test
	void location_holdingQuotesAndSql_isOneTableName_neverSql() {
		String location = "evil\"`; DROP TABLE \"test cache table\"; --";
		database().dropTable(location);
		try {
			DatabaseCache cache = cache(settings().location(location));
			cache.createTable(false, (line) -> {
			});
			cache.set("key", "value");
			assertThat(cache.<String>get("key")).isEqualTo("value");
			assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM " + q(location), Long.class)).isOne();
			assertThat(rowCount()).isZero();
		}
		finally {
			database().dropTable(location);
		}
	}

	@Test
	void location_unusableOnEveryDatabase_failsAtStartupSayingWhy() {
		assertThatExceptionOfType(InvalidCacheBackendException.class)
			.isThrownBy(() -> cache(settings().location("cache\0table")))
			.withMessageStartingWith("caches.default.location must name the cache table")
			.withMessageContaining("NUL character, which PostgreSQL and MariaDB cannot store in a name");
		assertThatExceptionOfType(InvalidCacheBackendException.class)
			.isThrownBy(() -> cache(settings().location("a.b.c")))
			.withMessageContaining("3 dot-separated parts")
			.withMessageContaining("(was 'a.b.c')");
		assertThatExceptionOfType(InvalidCacheBackendException.class)
			.isThrownBy(() -> cache(settings().location("\"unclosed")))
			.withMessageContaining("is never closed");
		assertThatExceptionOfType(InvalidCacheBackendException.class)
			.isThrownBy(() -> cache(settings().location("schema.")))
			.withMessageContaining("is empty");
		assertThatExceptionOfType(InvalidCacheBackendException.class)
			.isThrownBy(() -> cache(settings().location("\"quoted\"tail")))
			.withMessageContaining("followed by 't' instead of a dot");
	}

	@Test
	void location_overTheDatabasesLengthLimit_failsNamingTheDatabase() {
		DatabaseCache cache = cache(settings().location("t".repeat(300)));
		assertThatExceptionOfType(InvalidCacheBackendException.class).isThrownBy(() -> cache.get("key"))
			.withMessageStartingWith("caches.default.location '" + "t".repeat(300) + "' cannot name a table on ")
			.withMessageContaining("the table name '" + "t".repeat(300) + "' is 300 ");
		assertThatExceptionOfType(InvalidCacheBackendException.class)
			.isThrownBy(() -> cache(settings().location("t".repeat(300)).option("create-table", true)));
	}

	// Many keys: one statement each

	@Test
	void getMany_isOneSelect_deleteMany_isOneDelete_setMany_isOneTransaction() {
		CountingDataSource counting = new CountingDataSource(this.dataSource);
		DatabaseCache cache = cache(settings(), counting, counting);
		Map<String, Object> values = new LinkedHashMap<>();
		for (int i = 0; i < 100; i++) {
			values.put("key" + i, "value" + i);
		}
		cache.set("warm-up", 0);
		counting.reset();
		assertThat(cache.setMany(values)).isEmpty();
		// The row count for culling, then the transaction of batched upserts.
		assertThat(counting.connections()).isEqualTo(2);
		counting.reset();
		assertThat(cache.getMany(values.keySet())).isEqualTo(values);
		assertThat(counting.connections()).isOne();
		counting.reset();
		cache.deleteMany(values.keySet());
		assertThat(counting.connections()).isOne();
		assertThat(rowCount()).isOne();
	}

	@Test
	void getMany_moreKeysThanOneInList_areAllFound() {
		DatabaseCache cache = cache(settings().option("max-entries", 5000));
		Map<String, Object> values = new LinkedHashMap<>();
		for (int i = 0; i < 2500; i++) {
			values.put("key" + i, i);
		}
		cache.setMany(values);
		assertThat(cache.getMany(values.keySet())).hasSize(2500);
		cache.deleteMany(values.keySet());
		assertThat(rowCount()).isZero();
	}

	@Test
	void readDataSource_servesReads_writesGoToTheOther() {
		CountingDataSource writes = new CountingDataSource(this.dataSource);
		CountingDataSource reads = new CountingDataSource(this.dataSource);
		DatabaseCache cache = cache(settings(), writes, reads);
		cache.set("key", "value");
		cache.set("counter", 1);
		int written = writes.connections();
		assertThat(reads.connections()).isZero();
		assertThat(cache.<String>get("key")).isEqualTo("value");
		assertThat(cache.hasKey("key")).isTrue();
		assertThat(cache.getMany(List.of("key", "counter"))).hasSize(2);
		assertThat(reads.connections()).isEqualTo(3);
		assertThat(writes.connections()).isEqualTo(written);
		cache.incr("counter");
		cache.delete("key");
		cache.clear();
		assertThat(reads.connections()).isEqualTo(3);
		assertThat(writes.connections()).isEqualTo(written + 3);
	}

	// Culling, Django's test_cull and test_zero_cull

	@Test
	void cull_deletesAThirdOfTheKeysPastMaxEntries() {
		DatabaseCache cache = cache(settings().option("max-entries", 30));
		assertThat(performCull(cache, 50)).isEqualTo(29);
	}

	@Test
	void statistics_sizeIsTheRowCountAndEvictionsTheCulledRows() {
		DatabaseCache cache = cache(settings().option("max-entries", 30));
		assertThat(cache.statistics().evictions()).isZero();
		performCull(cache, 50);
		assertThat(cache.statistics().size()).isEqualTo(rowCount());
		assertThat(cache.statistics().evictions()).isEqualTo(49 - rowCount());
	}

	@Test
	void cull_zeroFrequency_emptiesTheTable() {
		DatabaseCache cache = cache(settings().option("max-entries", 30).option("cull-frequency", 0));
		// Django's DBCacheTests.test_zero_cull: 18, where locmem keeps 19.
		assertThat(performCull(cache, 50)).isEqualTo(18);
	}

	@Test
	void cull_deletesExpiredRowsFirst() {
		DatabaseCache cache = cache(settings().option("max-entries", 30));
		cache.set("expiring", "value", Duration.ofSeconds(1));
		this.clock.advance(Duration.ofSeconds(2));
		for (int i = 0; i < 31; i++) {
			cache.set("key" + i, "value", Duration.ofSeconds(1000));
		}
		// The 31st set found 31 rows, deleted the expired one, and needed no more.
		assertThat(rowCount()).isEqualTo(31);
		for (int i = 0; i < 31; i++) {
			assertThat(cache.hasKey("key" + i)).isTrue();
		}
	}

	@Test
	void cull_runsOnAddAndTouchToo() {
		DatabaseCache cache = cache(settings().option("max-entries", 3));
		for (int i = 0; i < 4; i++) {
			cache.set("key" + i, i);
		}
		assertThat(cache.add("added", 1)).isTrue();
		assertThat(rowCount()).isEqualTo(4);
		cache.set("key9", 9);
		cache.set("key8", 8);
		cache.touch("key9");
		assertThat(rowCount()).isLessThanOrEqualTo(5);
	}

	@Test
	void cull_maxEntriesZero_stillStoresTheNewKey() {
		// Django's test_cull_delete_when_store_empty.
		DatabaseCache cache = cache(settings().option("max-entries", 0));
		cache.set("first", "value");
		cache.set("force_cull_delete", "value");
		assertThat(cache.hasKey("force_cull_delete")).isTrue();
	}

	private int performCull(DatabaseCache cache, int initialCount) {
		for (int i = 1; i < initialCount; i++) {
			cache.set("cull" + i, "value", Duration.ofSeconds(1000));
		}
		int count = 0;
		for (int i = 1; i < initialCount; i++) {
			if (cache.hasKey("cull" + i)) {
				count++;
			}
		}
		return count;
	}

	@Test
	void options_negativeOrInvalid_failNamingAliasAndOption() {
		assertThatExceptionOfType(InvalidCacheBackendException.class)
			.isThrownBy(() -> cache(settings().option("max-entries", -1)))
			.withMessage(
					"caches.default.options.max-entries must be zero or more (was '-1'); Django would accept it and cull on every write, Cachette refuses it");
		assertThatExceptionOfType(InvalidCacheBackendException.class)
			.isThrownBy(() -> cache(settings().option("cull-frequency", -1)))
			.withMessage("caches.default.options.cull-frequency must be zero or more (was '-1')");
		assertThatExceptionOfType(InvalidCacheBackendException.class)
			.isThrownBy(() -> cache(settings().option("statement-timeout", "0s")))
			.withMessageStartingWith("caches.default.options.statement-timeout must be a positive duration");
	}

	// createcachetable

	@Test
	void createTable_existingTable_isLeftUntouched() {
		database().dropTable(this.table);
		this.jdbc.execute("CREATE TABLE " + q(this.table) + " (" + q("cache_key") + " varchar(255) PRIMARY KEY, "
				+ q("value") + " varchar(10), " + q("expires") + " timestamp, " + q("note") + " varchar(10))");
		this.jdbc.update("INSERT INTO " + q(this.table) + " (" + q("cache_key") + ", " + q("note") + ") VALUES (?, ?)",
				"mine", "kept");
		List<String> output = new ArrayList<>();
		assertThat(cache(settings()).createTable(false, output::add)).isFalse();
		assertThat(output).containsExactly("Cache table '" + this.table + "' already exists.");
		assertThat(this.jdbc.queryForObject("SELECT " + q("note") + " FROM " + q(this.table), String.class))
			.isEqualTo("kept");
	}

	@Test
	void createTable_createsTableAndIndex_thenSaysItExists() {
		database().dropTable(this.table);
		List<String> output = new ArrayList<>();
		DatabaseCache cache = cache(settings());
		assertThat(cache.createTable(false, output::add)).isTrue();
		assertThat(cache.createTable(false, output::add)).isFalse();
		assertThat(output).containsExactly("Cache table '" + this.table + "' created.",
				"Cache table '" + this.table + "' already exists.");
		cache.set("key", "value");
		assertThat(cache.<String>get("key")).isEqualTo("value");
	}

	@Test
	void createTable_dryRun_printsTheSqlAndCreatesNothing() {
		database().dropTable(this.table);
		List<String> output = new ArrayList<>();
		assertThat(cache(settings()).createTable(true, output::add)).isFalse();
		assertThat(output).hasSize(2);
		assertThat(output.get(0)).startsWith("CREATE TABLE " + q(this.table) + " (")
			.contains(q("cache_key") + " varchar(255)")
			.contains("PRIMARY KEY")
			.endsWith(");");
		assertThat(output.get(1)).isEqualTo(
				"CREATE INDEX " + q(this.table + "_expires") + " ON " + q(this.table) + " (" + q("expires") + ");");
		assertThatExceptionOfType(CacheException.class).isThrownBy(() -> cache(settings()).get("key"))
			.withMessageContaining("does the table exist?")
			.withMessageContaining("--cachette.createcachetable");
	}

	@Test
	void createTableOption_createsTheTableWhenTheCacheStarts() {
		database().dropTable(this.table);
		DatabaseCache cache = cache(settings().option("create-table", true));
		cache.set("key", "value");
		assertThat(cache.<String>get("key")).isEqualTo("value");
	}

	// Concurrency (8 threads x 1,000 incr is in the contract suite)

	@Test
	void add_concurrentlyOnOneKey_succeedsExactlyOnce() throws Exception {
		DatabaseCache cache = cache(settings().option("max-entries", 10_000));
		for (int round = 0; round < 20; round++) {
			String key = "lock" + round;
			if (round % 2 == 1) {
				// Every other round the key holds an expired row that add may replace.
				cache.set(key, "expired", Duration.ofSeconds(1));
			}
			this.clock.advance(Duration.ofSeconds(2));
			List<Boolean> results = runConcurrently(8, (thread) -> cache.add(key, thread));
			assertThat(results).as("round " + round).containsOnlyOnce(true);
			assertThat(cache.<Long>get(key)).isNotNull();
		}
	}

	/**
	 * Concurrent {@code add}s of one key have one winner even with the table at
	 * {@code max-entries}: an add's cull spares the row of the key it adds, which a
	 * concurrent add may just have inserted (Django's cull could delete it, and a second
	 * add would succeed too). The contended keys sort before the others, among the rows a
	 * cull deletes.
	 */
	@Test
	void add_concurrentlyOnOneKeyAtMaxEntries_succeedsExactlyOnce() throws Exception {
		DatabaseCache cache = cache(settings().option("max-entries", 20));
		for (int i = 0; i < 20; i++) {
			cache.set("filler" + i, i);
		}
		for (int round = 0; round < 50; round++) {
			String key = "contended" + round;
			List<Boolean> results = runConcurrently(8, (thread) -> cache.add(key, thread));
			assertThat(results).as("round " + round).containsOnlyOnce(true);
		}
		assertThat(rowCount()).isLessThanOrEqualTo(21);
	}

	private <T> List<T> runConcurrently(int threads, ThreadTask<T> task) throws Exception {
		return Concurrently.run(threads, Duration.ofSeconds(120), task::run);
	}

	@FunctionalInterface
	interface ThreadTask<T> {

		T run(int thread) throws Exception;

	}

	// Failures

	@Test
	void unreachableDatabase_throwsCacheUnavailableNamingAliasAndUrlWithoutPassword() {
		DatabaseCache cache = cache(settings().option("strict", true), unreachable(), unreachable());
		long start = System.nanoTime();
		assertThatExceptionOfType(CacheUnavailableException.class).isThrownBy(() -> cache.get("key"))
			.withMessageContaining("Cache 'default' could not get on data source")
			.withMessageContaining("127.0.0.1:1")
			.satisfies((ex) -> assertThat(ex.getMessage()).containsIgnoringCase("password=****"))
			.withMessageNotContaining("s3cret");
		assertThatExceptionOfType(CacheUnavailableException.class).isThrownBy(() -> cache.set("key", 1));
		assertThatExceptionOfType(CacheUnavailableException.class).isThrownBy(() -> cache.incr("key"));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void unreachableDatabase_withIgnoreExceptions_isAMiss() {
		DatabaseCache cache = cache(settings().option("ignore-exceptions", true), unreachable(), unreachable());
		assertThat(cache.<String>get("key", "default")).isEqualTo("default");
		cache.set("key", "value");
		assertThat(cache.add("key", "value")).isFalse();
		assertThat(cache.getMany(List.of("a", "b"))).isEmpty();
		assertThat(cache.setMany(Map.of("a", 1))).containsExactly("a");
		assertThat(cache.delete("key")).isFalse();
	}

	@Test
	void lockedRow_incrGivesUpAfterTheStatementTimeout() {
		DatabaseCache cache = cache(settings().option("statement-timeout", "1s"));
		cache.set("counter", 1);
		TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		CountDownLatch locked = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Thread holder = new Thread(() -> transaction.executeWithoutResult((status) -> {
			this.jdbc.queryForList(
					"SELECT " + q("value") + " FROM " + q(this.table) + " WHERE " + q("cache_key") + " = ? FOR UPDATE",
					":1:counter");
			locked.countDown();
			await(release);
		}));
		holder.start();
		try {
			await(locked);
			long start = System.nanoTime();
			assertThatExceptionOfType(CacheUnavailableException.class).isThrownBy(() -> cache.incr("counter"))
				.withMessageContaining("could not incr");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
		}
		finally {
			release.countDown();
		}
		assertThat(cache.incr("counter")).isEqualTo(2);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private DataSource unreachable() {
		String url = database().url();
		String unreachable = switch (database()) {
			case POSTGRESQL -> "jdbc:postgresql://127.0.0.1:1/test?user=postgres&password=s3cret&connectTimeout=2";
			case MARIADB -> "jdbc:mariadb://127.0.0.1:1/test?user=root&password=s3cret&connectTimeout=2000";
			case H2 -> "jdbc:h2:tcp://127.0.0.1:1/mem:none;PASSWORD=s3cret";
		};
		assertThat(url).isNotEmpty();
		return new DriverManagerDataSource(unreachable);
	}

	// Helpers

	CacheSettings.Builder settings() {
		return TestServers.withBehaviourDeadline(
				CacheSettings.builder("default").backend("database").location(this.table).clock(this.clock));
	}

	DatabaseCache cache(CacheSettings.Builder settings) {
		return cache(settings, this.dataSource, this.dataSource);
	}

	DatabaseCache cache(CacheSettings.Builder settings, DataSource writes, DataSource reads) {
		DatabaseCache cache = new DatabaseCache(settings.build(), writes, reads);
		this.caches.add(cache);
		return cache;
	}

	String q(String identifier) {
		return database().quote(identifier);
	}

	private long rowCount() {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM " + q(this.table), Long.class);
	}

	private LocalDateTime expires(String key) {
		return this.jdbc.queryForObject(
				"SELECT " + q("expires") + " FROM " + q(this.table) + " WHERE " + q("cache_key") + " = ?",
				(rs, row) -> rs.getObject(1, LocalDateTime.class), key);
	}

}
