package dev.cachette.cache.backend.db;

import java.util.Collections;
import java.util.List;

/**
 * The SQL of one cache table on one database, built once: every statement the backend
 * runs, with identifiers quoted and only {@code ?} parameters for data. Follows the
 * statements of Django's {@code DatabaseCache} and {@code createcachetable}; where Django
 * checks expiry in Python, the statements that need it take "now" as a parameter from the
 * alias's clock, never the database's.
 */
final class CacheTableSql {

	/** Keys per {@code IN (...)} list; longer lists are split into several statements. */
	static final int MAX_IN_LIST = 1000;

	private final SqlDialect dialect;

	private final String table;

	private final String key;

	private final String value;

	private final String expires;

	private final TableName name;

	final String select;

	final String selectForUpdate;

	final String exists;

	final String upsert;

	final String insertIfAbsent;

	final String touch;

	final String updateValue;

	final String deleteLive;

	final String deleteExpiredKey;

	final String deleteIfValue;

	final String count;

	final String deleteExpired;

	final String cullKey;

	final String deleteBelow;

	final String deleteBelowExcept;

	final String clear;

	final String clearExcept;

	final String probe;

	CacheTableSql(TableName name, SqlDialect dialect) {
		this.name = name;
		this.dialect = dialect;
		this.table = name.quoted(dialect);
		this.key = dialect.quote("cache_key");
		this.value = dialect.quote("value");
		this.expires = dialect.quote("expires");
		String where = " FROM " + this.table + " WHERE " + this.key + " = ?";
		this.select = "SELECT " + this.value + ", " + this.expires + where;
		this.selectForUpdate = this.select + " FOR UPDATE";
		this.exists = "SELECT " + this.key + where + " AND " + this.expires + " > ?";
		this.upsert = dialect.upsert(this.table, this.key, this.value, this.expires);
		this.insertIfAbsent = dialect.insertIfAbsent(this.table, this.key, this.value, this.expires);
		this.touch = "UPDATE " + this.table + " SET " + this.expires + " = ? WHERE " + this.key + " = ? AND "
				+ this.expires + " > ?";
		this.updateValue = "UPDATE " + this.table + " SET " + this.value + " = ?, " + this.expires + " = ? WHERE "
				+ this.key + " = ?";
		this.deleteLive = "DELETE" + where + " AND " + this.expires + " > ?";
		this.deleteExpiredKey = "DELETE" + where + " AND " + this.expires + " <= ?";
		this.deleteIfValue = "DELETE" + where + " AND " + this.value + " = ?";
		this.count = "SELECT COUNT(*) FROM " + this.table;
		this.deleteExpired = "DELETE FROM " + this.table + " WHERE " + this.expires + " <= ?";
		// Django's connection.ops.cache_key_culling_sql(), the same on all three.
		this.cullKey = "SELECT " + this.key + " FROM " + this.table + " ORDER BY " + this.key + " LIMIT 1 OFFSET ?";
		this.deleteBelow = "DELETE FROM " + this.table + " WHERE " + this.key + " < ?";
		this.deleteBelowExcept = this.deleteBelow + " AND " + this.key + " <> ?";
		this.clear = "DELETE FROM " + this.table;
		this.clearExcept = this.clear + " WHERE " + this.key + " <> ?";
		this.probe = "SELECT " + this.key + " FROM " + this.table + " WHERE 1 = 0";
	}

	SqlDialect dialect() {
		return this.dialect;
	}

	/** {@code SELECT cache_key, value, expires ... WHERE cache_key IN (?, ...)}. */
	String selectMany(int keys) {
		return "SELECT " + this.key + ", " + this.value + ", " + this.expires + " FROM " + this.table + " WHERE "
				+ this.key + " IN (" + placeholders(keys) + ")";
	}

	/** {@code DELETE ... WHERE cache_key IN (?, ...)}. */
	String deleteMany(int keys) {
		return "DELETE FROM " + this.table + " WHERE " + this.key + " IN (" + placeholders(keys) + ")";
	}

	/**
	 * {@code DELETE ... WHERE cache_key IN (?, ...) AND expires <= ?}: rows a read found
	 * expired.
	 */
	String deleteExpiredMany(int keys) {
		return deleteMany(keys) + " AND " + this.expires + " <= ?";
	}

	/**
	 * The statements of Django's {@code createcachetable}, in its layout: the table, then
	 * the index on {@code expires}.
	 */
	List<String> createTable() {
		String columns = "CREATE TABLE " + this.table + " (\n" + "    " + this.key + " " + this.dialect.keyType()
				+ " NOT NULL PRIMARY KEY,\n" + "    " + this.value + " " + this.dialect.valueType() + " NOT NULL,\n"
				+ "    " + this.expires + " " + this.dialect.expiresType() + " NOT NULL\n" + ");";
		String index = "CREATE INDEX " + this.name.expiresIndex(this.dialect) + " ON " + this.table + " ("
				+ this.expires + ");";
		return List.of(columns, index);
	}

	private static String placeholders(int count) {
		return String.join(", ", Collections.nCopies(count, "?"));
	}

}
