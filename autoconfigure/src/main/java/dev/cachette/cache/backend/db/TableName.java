package dev.cachette.cache.backend.db;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.cachette.cache.CacheSettings;

/**
 * The cache table named by {@code location}: {@code table} or {@code schema.table}.
 *
 * <p>
 * Django quotes whatever {@code LOCATION} holds. Cachette quotes too (so {@code value}, a
 * reserved word in H2, and mixed case work), but first accepts only letters, digits and
 * underscores, so that a location can never smuggle SQL into the statements built from
 * it. The table part is at most 55 characters, so that the index Django names {@code
 *
<table>
 * _expires} fits PostgreSQL's 63-character identifiers.
 *
 * @param schema the schema (the database on MariaDB/MySQL), or {@code null} for the
 * connection's default
 * @param table the table
 */
record TableName(@Nullable String schema, String table) {

	private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,54}");

	private static final Pattern SCHEMA = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

	/**
	 * Reads and checks the alias's location.
	 * @param settings the alias settings
	 * @return the table name
	 * @throws dev.cachette.cache.InvalidCacheBackendException naming the alias and the
	 * location when it is not a valid table name
	 */
	static TableName of(CacheSettings settings) {
		String location = settings.location().trim();
		int dot = location.indexOf('.');
		String schema = (dot >= 0) ? location.substring(0, dot) : null;
		String table = (dot >= 0) ? location.substring(dot + 1) : location;
		if (!TABLE.matcher(table).matches() || (schema != null && !SCHEMA.matcher(schema).matches())) {
			throw new dev.cachette.cache.InvalidCacheBackendException("caches." + settings.alias()
					+ ".location must be the cache table's name: letters, digits and underscores, not starting with"
					+ " a digit, at most 55 characters, optionally after a schema and a dot, such as"
					+ " cache_table or cache.cache_table (was '" + settings.location() + "')");
		}
		return new TableName(schema, table);
	}

	/** The name as written in SQL, each part quoted. */
	String quoted(SqlDialect dialect) {
		return (this.schema != null) ? dialect.quote(this.schema) + "." + dialect.quote(this.table)
				: dialect.quote(this.table);
	}

	/**
	 * The name of the index on {@code expires}, as Django's {@code createcachetable}
	 * names it.
	 */
	String expiresIndex(SqlDialect dialect) {
		return dialect.quote(this.table + "_expires");
	}

	@Override
	public String toString() {
		return (this.schema != null) ? this.schema + "." + this.table : this.table;
	}

}
