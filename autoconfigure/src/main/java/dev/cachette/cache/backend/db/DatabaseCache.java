package dev.cachette.cache.backend.db;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.ResultSetExtractor;

import dev.cachette.cache.CacheException;
import dev.cachette.cache.CacheUnavailableException;
import dev.cachette.cache.CacheValueNotIntegerException;
import dev.cachette.cache.backend.BaseCache;
import dev.cachette.cache.resilience.BackgroundWork;
import dev.cachette.cache.settings.CacheSettings;

/**
 * A cache in a database table through Spring JDBC: Django's {@code DatabaseCache}.
 *
 * <p>
 * {@code location} names the table ({@code table} or {@code schema.table}); it has
 * Django's columns {@code cache_key} (primary key, 255 characters; a longer key is stored
 * under its hash, see {@code ColumnKey}), {@code value} (the serializer's bytes; integers
 * as decimal text) and {@code expires} (UTC, indexed). Create it with
 * {@code options.create-table: true}, with the {@code --cachette.createcachetable}
 * command, or with {@link #createTable}. Expiry is measured with the alias's clock and
 * compared in the statements' parameters, never with the database's {@code NOW()}, so
 * application and database clocks need not agree.
 *
 * <p>
 * As Django does, {@code set}, {@code add} and {@code touch} first count the rows and,
 * past {@code max-entries} (300), delete the expired rows and then the first
 * 1/{@code cull-frequency} (3) of the keys in key order; {@code cull-frequency: 0}
 * empties the table. The cull before an {@code add} or a {@code touch} spares the key
 * being written, so a concurrent {@code add}'s cull never deletes the row another has
 * just inserted. Reads go to {@code options.read-datasource} when set (Django's router
 * example: a replica), everything else to {@code options.datasource}.
 *
 * <p>
 * Where Cachette does better than Django: {@code set} is one upsert statement and
 * {@code add} an insert that the primary key arbitrates, so concurrent writers never fail
 * silently; {@code incr} locks the row ({@code SELECT ... FOR UPDATE}, then
 * {@code UPDATE}, in one transaction) where Django reads and writes back, so concurrent
 * increments are never lost and the result is this call's own (the sum is stored with the
 * default timeout, as Django's {@code incr} re-stores it with {@code set});
 * {@code setMany} is one transaction of batched upserts. A database that cannot be
 * reached, or a statement over {@code options.statement-timeout} (5 s), raises
 * {@link CacheUnavailableException} naming the alias and the JDBC URL; a connection the
 * driver reports refused or broken (SQLState class {@code 08}, which pools such as
 * HikariCP also take as a dead connection; a read its network timeout cut is not, see
 * {@code CacheDatabase.showsServerDown}) opens the alias's circuit at once.
 */
public class DatabaseCache extends BaseCache {

	/** Django's {@code datetime.max} (to the second) for entries that never expire. */
	static final LocalDateTime NEVER = LocalDateTime.of(9999, 12, 31, 23, 59, 59);

	private static final Log logger = LogFactory.getLog(DatabaseCache.class);

	private static final ResultSetExtractor<@Nullable Row> ROW = (rs) -> rs.next()
			? new Row(rs.getBytes(1), rs.getObject(2, LocalDateTime.class)) : null;

	private final CacheDatabase database;

	private final Culling culling;

	/**
	 * Creates the cache for an alias, reading and writing through one data source.
	 * @param settings the alias settings
	 * @param dataSource the data source holding the table
	 */
	public DatabaseCache(CacheSettings settings, DataSource dataSource) {
		this(settings, dataSource, dataSource);
	}

	/**
	 * Creates the cache for an alias.
	 * @param settings the alias settings: {@code location} the table; options
	 * {@code max-entries}, {@code cull-frequency}, {@code statement-timeout},
	 * {@code create-table}, and {@code datasource}/{@code read-datasource} (the bean
	 * names, used here to name the servers in error messages)
	 * @param dataSource the data source writes go to
	 * @param readDataSource the data source reads go to (a replica), or the same one
	 * @throws dev.cachette.cache.InvalidCacheBackendException naming the alias and the
	 * option when the location or an option is invalid
	 */
	public DatabaseCache(CacheSettings settings, DataSource dataSource, DataSource readDataSource) {
		super(settings);
		this.culling = new Culling(settings);
		this.database = new CacheDatabase(settings, dataSource, readDataSource,
				(server, operation, cause) -> CacheDatabase.showsServerDown(cause)
						? serverDown(server, operation, cause) : unavailable(server, operation, cause));
		if (settings.booleanOption("create-table", false)) {
			try {
				createTable(false, logger::info);
			}
			catch (CacheUnavailableException ex) {
				// Fail open: the application starts, and cache calls report the outage.
				logger.warn(ex.getMessage() + "; caches." + alias() + ".options.create-table could not run");
			}
		}
	}

	/**
	 * Creates this alias's table and its index unless the table exists, as Django's
	 * {@code createcachetable} does; an existing table is never altered.
	 * @param dryRun print the SQL instead of running it (Django's {@code --dry-run})
	 * @param output receives what was done, one line or statement at a time, in Django's
	 * words ({@code Cache table 'x' created.}, {@code Cache table 'x' already exists.})
	 * @return whether the table was created
	 * @throws CacheUnavailableException if the database cannot be reached
	 * @throws CacheException if the table cannot be created
	 */
	public boolean createTable(boolean dryRun, Consumer<String> output) {
		return this.database.createTable(dryRun, output);
	}

	@Override
	protected void closeStore() {
		this.database.close();
	}

	@Override
	protected @Nullable Object getValue(String storedKey) {
		String key = ColumnKey.of(storedKey);
		Row row = this.database.read("get",
				() -> this.database.reader().query(this.database.sqlForReads().select, ROW, key));
		if (row == null) {
			return MISSING;
		}
		LocalDateTime now = now();
		if (!row.expires().isAfter(now)) {
			deleteExpired(List.of(key), now);
			return MISSING;
		}
		return decode(row.value());
	}

	@Override
	protected boolean hasValue(String storedKey) {
		String key = ColumnKey.of(storedKey);
		return this.database.read("check", () -> Boolean.TRUE.equals(this.database.reader()
			.query(this.database.sqlForReads().exists, (ResultSetExtractor<Boolean>) (rs) -> rs.next(), key, now())));
	}

	/**
	 * One {@code SELECT ... IN} per 1,000 keys; expired rows found are deleted, as
	 * Django's {@code get_many}.
	 */
	@Override
	protected Map<String, @Nullable Object> getValues(List<String> keys) {
		Map<String, @Nullable Object> found = new LinkedHashMap<>();
		if (keys.isEmpty()) {
			return found;
		}
		Map<String, String> byColumnKey = new LinkedHashMap<>();
		keys.forEach((key) -> byColumnKey.put(ColumnKey.of(key), key));
		LocalDateTime now = now();
		List<String> expired = new ArrayList<>();
		for (List<String> chunk : chunks(new ArrayList<>(byColumnKey.keySet()))) {
			this.database.read("get many", () -> {
				this.database.reader().query(this.database.sqlForReads().selectMany(chunk.size()), (rs) -> {
					String key = rs.getString(1);
					if (rs.getObject(3, LocalDateTime.class).isAfter(now)) {
						Object value = decode(rs.getBytes(2));
						if (value != MISSING) {
							found.put(byColumnKey.get(key), value);
						}
					}
					else {
						expired.add(key);
					}
				}, chunk.toArray());
				return null;
			});
		}
		if (!expired.isEmpty()) {
			deleteExpired(expired, now);
		}
		return found;
	}

	/** One upsert, where Django selects, then updates or inserts. */
	@Override
	protected void setValue(String storedKey, @Nullable Object value, Duration timeout) {
		String key = ColumnKey.of(storedKey);
		byte[] bytes = encode(value);
		LocalDateTime now = now();
		LocalDateTime expires = expiresAt(now, timeout);
		this.database.write("set", bytes.length, () -> {
			CacheTableSql sql = cull(now, null);
			try {
				return this.database.writer().update(sql.upsert, key, bytes, expires);
			}
			catch (DuplicateKeyException ex) {
				// H2's MERGE can lose a race with a concurrent insert of the same key:
				// the
				// row exists now, so the retry updates it.
				return this.database.writer().update(sql.upsert, key, bytes, expires);
			}
		});
	}

	/**
	 * Inserts unless the key exists; an expired row is deleted and the insert tried once
	 * more, as Django replaces an expired row. Each statement is atomic and the primary
	 * key decides between concurrent callers, so exactly one of them adds, without
	 * Django's transaction or its silently failing insert.
	 */
	@Override
	protected boolean addValue(String storedKey, @Nullable Object value, Duration timeout) {
		String key = ColumnKey.of(storedKey);
		byte[] bytes = encode(value);
		LocalDateTime now = now();
		LocalDateTime expires = expiresAt(now, timeout);
		return this.database.write("add", bytes.length, () -> {
			CacheTableSql sql = cull(now, key);
			if (insertIfAbsent(sql, key, bytes, expires)) {
				return true;
			}
			return this.database.writer().update(sql.deleteExpiredKey, key, now) > 0
					&& insertIfAbsent(sql, key, bytes, expires);
		});
	}

	private boolean insertIfAbsent(CacheTableSql sql, String key, byte[] bytes, LocalDateTime expires) {
		try {
			return this.database.writer().update(sql.insertIfAbsent, key, bytes, expires) > 0;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/**
	 * A new expiry for a live row; an expired row is not revived, as Django's would be.
	 */
	@Override
	protected boolean touchValue(String storedKey, Duration timeout) {
		String key = ColumnKey.of(storedKey);
		LocalDateTime now = now();
		LocalDateTime expires = expiresAt(now, timeout);
		return this.database.write("touch",
				() -> this.database.writer().update(cull(now, key).touch, expires, key, now) > 0);
	}

	@Override
	protected boolean deleteValue(String storedKey) {
		String key = ColumnKey.of(storedKey);
		return this.database.write("delete",
				() -> this.database.writer().update(this.database.sql().deleteLive, key, now()) > 0);
	}

	/**
	 * Taken by the inherited {@link #addValue} (insert-if-absent, an expired row
	 * replaced); released by one {@code DELETE ... WHERE value = token}, so a lease that
	 * expired and was taken by another instance is left alone.
	 */
	@Override
	protected void releaseLease(String leaseKey, String token) {
		String key = ColumnKey.of(leaseKey);
		byte[] bytes = encode(token);
		this.database.write("release lease",
				() -> this.database.writer().update(this.database.sql().deleteIfValue, key, bytes));
	}

	/** One {@code DELETE ... IN} per 1,000 keys, as Django's {@code delete_many}. */
	@Override
	protected void deleteValues(Collection<String> keys) {
		if (keys.isEmpty()) {
			return;
		}
		this.database.write("delete many", () -> {
			for (List<String> chunk : chunks(keys.stream().map(ColumnKey::of).distinct().toList())) {
				this.database.writer().update(this.database.sql().deleteMany(chunk.size()), chunk.toArray());
			}
			return null;
		});
	}

	/**
	 * Locks the row, checks it holds an integer, writes the sum and a new expiry, the
	 * default timeout from now: one transaction, so concurrent increments queue on the
	 * row lock, none is lost and each returns its own result, where Django reads and
	 * writes back with {@code set(key, value)} (hence the default timeout).
	 */
	@Override
	protected @Nullable Long incrValue(String storedKey, long delta) {
		String key = ColumnKey.of(storedKey);
		LocalDateTime now = now();
		// Callers of one counter queue for its row lock, a wait the cache makes, not a
		// sick
		// server: an incr gets background-timeout, and statement-timeout bounds the lock
		// wait on the server.
		return BackgroundWork.call(() -> this.database.write("incr", () -> this.database.inTransaction((status) -> {
			CacheTableSql sql = this.database.sql();
			Row row = this.database.writer().query(sql.selectForUpdate, ROW, key);
			if (row == null || !row.expires().isAfter(now)) {
				return null;
			}
			Object value = decode(row.value());
			if (!(value instanceof Long number)) {
				throw new CacheValueNotIntegerException(alias(), storedKey);
			}
			long result = Math.addExact(number, delta);
			this.database.writer().update(sql.updateValue, encode(result), expiresAt(now, defaultTimeout()), key);
			return result;
		})));
	}

	/**
	 * Culls once, then upserts every value in one transaction of batched statements, in
	 * key order so that concurrent batches lock rows in the same order.
	 */
	@Override
	protected List<String> setValues(Map<String, @Nullable Object> values, Duration timeout) {
		if (values.isEmpty()) {
			return List.of();
		}
		Map<String, byte[]> encoded = new TreeMap<>();
		values.forEach((key, value) -> encoded.put(ColumnKey.of(key), encode(value)));
		LocalDateTime now = now();
		LocalDateTime expires = expiresAt(now, timeout);
		List<Object[]> rows = new ArrayList<>(encoded.size());
		encoded.forEach((key, bytes) -> rows.add(new Object[] { key, bytes, expires }));
		long payload = encoded.values().stream().mapToLong((bytes) -> bytes.length).sum();
		this.database.write("set many", payload, () -> {
			CacheTableSql sql = cull(now, null);
			return this.database.inTransaction((status) -> this.database.writer().batchUpdate(sql.upsert, rows));
		});
		return List.of();
	}

	/** {@code DELETE FROM} the table: every key, whatever its prefix, as Django. */
	/** The table's rows, expired ones included until culled: one {@code COUNT(*)}. */
	@Override
	protected @Nullable Long storeSize() {
		return this.database.read("count rows",
				() -> this.database.reader().queryForObject(this.database.sqlForReads().count, Long.class));
	}

	/**
	 * Rows the culling of this instance deleted (expired, or over {@code max-entries}).
	 */
	@Override
	protected Long storeEvictions() {
		return this.culling.culled();
	}

	@Override
	protected void clearValues() {
		this.database.write("clear", () -> this.database.writer().update(this.database.sql().clear));
	}

	/**
	 * Culls if the table is full, sparing the key being written by {@code add} or
	 * {@code touch}.
	 */
	private CacheTableSql cull(LocalDateTime now, @Nullable String spared) {
		CacheTableSql sql = this.database.sql();
		this.culling.cullIfFull(this.database.writer(), sql, now, spared);
		return sql;
	}

	/**
	 * Deletes rows a read found expired, as Django's {@code get_many} does; best effort,
	 * since culling removes them anyway.
	 */
	private void deleteExpired(List<String> keys, LocalDateTime now) {
		try {
			CacheTableSql sql = this.database.sql();
			for (List<String> chunk : chunks(keys)) {
				List<Object> parameters = new ArrayList<>(chunk);
				parameters.add(now);
				this.database.writer().update(sql.deleteExpiredMany(chunk.size()), parameters.toArray());
			}
		}
		catch (DataAccessException | CacheException ex) {
			logger.debug("Cache '" + alias() + "': expired rows were not deleted: " + ex.getMessage());
		}
	}

	private LocalDateTime now() {
		return LocalDateTime.ofInstant(settings().clock().instant(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
	}

	private static LocalDateTime expiresAt(LocalDateTime now, Duration timeout) {
		if (isForever(timeout) || timeout.compareTo(Duration.between(now, NEVER)) >= 0) {
			return NEVER;
		}
		return now.plus(timeout).truncatedTo(ChronoUnit.MICROS);
	}

	private static List<List<String>> chunks(List<String> keys) {
		List<List<String>> chunks = new ArrayList<>();
		for (int start = 0; start < keys.size(); start += CacheTableSql.MAX_IN_LIST) {
			chunks.add(keys.subList(start, Math.min(keys.size(), start + CacheTableSql.MAX_IN_LIST)));
		}
		return chunks;
	}

	@Override
	public String toString() {
		return "DatabaseCache[alias=" + alias() + ", " + this.database + "]";
	}

	/** A row as read: the stored bytes and the expiry in UTC. */
	private record Row(byte[] value, LocalDateTime expires) {
	}

}
