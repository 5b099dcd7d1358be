package dev.cachette.cache.backend.db;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.cachette.cache.InvalidCacheBackendException;
import dev.cachette.cache.settings.CacheSettings;

/**
 * The cache table named by {@code location}: {@code table} or {@code schema.table}, each
 * part any name the database accepts, quoted with the database's own quoting in every
 * statement, as Django's {@code connection.ops.quote_name} quotes {@code LOCATION}
 * ({@code test cache table}, with its spaces, is Django's own test table).
 *
 * <p>
 * A part may also be written already quoted, in double quotes or backticks, with the
 * quote character doubled inside ({@code "my schema"."cache ""table"""}): Django's
 * "quoting once is enough" form, and the way to put a dot in a name. An unquoted dot
 * separates the schema (the database on MariaDB/MySQL) from the table, where Django would
 * take {@code a.b} as one table name: a Spring application writes {@code schema.table}
 * and means a schema. Quote characters inside an unquoted part are taken literally and
 * escaped by doubling, so no location can end a quoted identifier early and smuggle SQL
 * into a statement. Refused at startup: an empty part, more than two parts, a dangling
 * quote, and NUL, which PostgreSQL and MariaDB cannot hold in a name at all. What only
 * one database refuses (a name over its length limit, a trailing space or a character
 * outside the Basic Multilingual Plane on MariaDB) is refused once the database is known,
 * by {@link SqlDialect#identifierProblem}.
 *
 * @param schema the schema (the database on MariaDB/MySQL), or {@code null} for the
 * connection's default
 * @param table the table, unquoted
 * @param location the location as written, for messages (Django prints it so)
 */
record TableName(@Nullable String schema, String table, String location) {

	/**
	 * Reads and checks the alias's location.
	 * @param settings the alias settings
	 * @return the table name
	 * @throws InvalidCacheBackendException naming the alias, the location and the reason
	 * when it cannot name a table
	 */
	static TableName of(CacheSettings settings) {
		String location = settings.location().trim();
		List<String> parts;
		try {
			parts = split(location);
		}
		catch (IllegalArgumentException ex) {
			throw invalid(settings, ex.getMessage());
		}
		if (parts.size() > 2) {
			throw invalid(settings, "it has " + parts.size() + " dot-separated parts, and at most a schema and a table"
					+ " are allowed; quote a part that holds a dot, as in \"my.table\"");
		}
		for (String part : parts) {
			if (part.isEmpty()) {
				throw invalid(settings, "a table or schema name is empty");
			}
			if (part.indexOf('\0') >= 0) {
				throw invalid(settings,
						"it holds a NUL character, which PostgreSQL and MariaDB cannot store in a name");
			}
		}
		return (parts.size() == 2) ? new TableName(parts.get(0), parts.get(1), location)
				: new TableName(null, parts.get(0), location);
	}

	/**
	 * Splits on unquoted dots; a part that starts with a quote character runs to its
	 * closing quote, a doubled quote inside standing for one.
	 */
	private static List<String> split(String location) {
		List<String> parts = new ArrayList<>();
		StringBuilder part = new StringBuilder();
		int i = 0;
		while (i <= location.length()) {
			if (i < location.length() && part.isEmpty() && isQuote(location.charAt(i))) {
				i = readQuoted(location, i, part);
				if (i < location.length() && location.charAt(i) != '.') {
					throw new IllegalArgumentException("the quoted name " + location.substring(0, i)
							+ " is followed by '" + location.charAt(i) + "' instead of a dot or the end");
				}
			}
			if (i == location.length() || location.charAt(i) == '.') {
				parts.add(part.toString());
				part.setLength(0);
			}
			else {
				part.append(location.charAt(i));
			}
			i++;
		}
		return parts;
	}

	/** Reads a quoted part starting at {@code start}; returns the index after it. */
	private static int readQuoted(String location, int start, StringBuilder part) {
		char quote = location.charAt(start);
		int i = start + 1;
		while (i < location.length()) {
			char c = location.charAt(i);
			if (c == quote) {
				if (i + 1 < location.length() && location.charAt(i + 1) == quote) {
					part.append(quote);
					i += 2;
					continue;
				}
				if (i == start + 1) {
					throw new IllegalArgumentException("a quoted name is empty");
				}
				return i + 1;
			}
			part.append(c);
			i++;
		}
		throw new IllegalArgumentException("the quote " + quote + " opened at position " + (start + 1)
				+ " is never closed (double it to" + " put it in a name, as in \"my \"\"quoted\"\" table\")");
	}

	private static boolean isQuote(char c) {
		return c == '"' || c == '`';
	}

	private static InvalidCacheBackendException invalid(CacheSettings settings, @Nullable String reason) {
		return new InvalidCacheBackendException("caches." + settings.alias() + ".location must name the cache table"
				+ " (table or schema.table, quoted as \"a name\" where it holds a dot) but " + reason + " (was '"
				+ settings.location() + "')");
	}

	/** The name as written in SQL, each part quoted. */
	String quoted(SqlDialect dialect) {
		return (this.schema != null) ? dialect.quote(this.schema) + "." + dialect.quote(this.table)
				: dialect.quote(this.table);
	}

	/**
	 * The name of the index on {@code expires}, as Django's {@code createcachetable}
	 * names it (the table's name and {@code _expires}, in the table's schema).
	 */
	String expiresIndex(SqlDialect dialect) {
		return dialect.quote(expiresIndexName());
	}

	private String expiresIndexName() {
		return this.table + "_expires";
	}

	/**
	 * Checks the name against what this database accepts, once the database is known.
	 * @param dialect the database
	 * @param alias the alias, for the message
	 * @throws InvalidCacheBackendException naming the alias, the database and the reason
	 * when it cannot hold this name
	 */
	void check(SqlDialect dialect, String alias) {
		String problem = null;
		if (this.schema != null) {
			problem = problem("the schema name '" + this.schema + "'", dialect.identifierProblem(this.schema));
		}
		if (problem == null) {
			problem = problem("the table name '" + this.table + "'", dialect.identifierProblem(this.table));
		}
		if (problem == null) {
			// The index is named after the table: a name the database would truncate
			// could collide with the table's own, so it must fit too.
			problem = problem("the name of its index, '" + expiresIndexName() + "',",
					dialect.identifierProblem(expiresIndexName()));
		}
		if (problem != null) {
			throw new InvalidCacheBackendException("caches." + alias + ".location '" + this.location
					+ "' cannot name a table on " + dialect.productName() + ": " + problem);
		}
	}

	private static @Nullable String problem(String subject, @Nullable String problem) {
		return (problem != null) ? subject + " " + problem : null;
	}

	@Override
	public String toString() {
		return this.location;
	}

}
