package dev.cachette.cache.backend.db;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Everything that differs between the supported databases, and nothing else: column
 * types, identifier quoting and the names each accepts, and the two statements standard
 * SQL has no portable form for (an upsert, and an insert that skips an existing key).
 *
 * <p>
 * Column types follow Django's {@code createcachetable}: {@code cache_key} is a
 * {@code varchar(255)} primary key, {@code expires} an indexed timestamp. Where Django
 * stores base64 text, Cachette stores the serializer's bytes, so {@code value} is a
 * binary column. On MariaDB/MySQL the key column is binary-collated, so that keys
 * differing only in case or accents stay different keys.
 */
enum SqlDialect {

	/** PostgreSQL: {@code ON CONFLICT}; names of at most 63 bytes (NAMEDATALEN - 1). */
	POSTGRESQL("PostgreSQL", '"', "varchar(255)", "bytea", "timestamp(6)") {

		@Override
		@Nullable String identifierProblem(String name) {
			// Longer names are truncated with only a NOTICE, so the table and its index
			// could end up with one name.
			int bytes = name.getBytes(StandardCharsets.UTF_8).length;
			return (bytes > 63) ? "is " + bytes + " bytes in UTF-8, over the 63 PostgreSQL keeps" : null;
		}

		@Override
		String upsert(String table, String key, String value, String expires) {
			return "INSERT INTO " + table + " (" + key + ", " + value + ", " + expires + ") VALUES (?, ?, ?)"
					+ " ON CONFLICT (" + key + ") DO UPDATE SET " + value + " = EXCLUDED." + value + ", " + expires
					+ " = EXCLUDED." + expires;
		}

		@Override
		String insertIfAbsent(String table, String key, String value, String expires) {
			return insert(table, key, value, expires) + " ON CONFLICT (" + key + ") DO NOTHING";
		}

		@Override
		@Nullable String relaxedCommit() {
			return "SET LOCAL synchronous_commit TO OFF";
		}

	},

	/** MariaDB: {@code ON DUPLICATE KEY UPDATE} and {@code INSERT IGNORE}. */
	MARIADB("MariaDB", '`', "varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin", "longblob", "datetime(6)") {

		@Override
		@Nullable String identifierProblem(String name) {
			return mysqlIdentifierProblem(name, productName());
		}

		@Override
		String upsert(String table, String key, String value, String expires) {
			return insert(table, key, value, expires) + " ON DUPLICATE KEY UPDATE " + value + " = VALUES(" + value
					+ "), " + expires + " = VALUES(" + expires + ")";
		}

		@Override
		String insertIfAbsent(String table, String key, String value, String expires) {
			// IGNORE also downgrades data errors to warnings; the only data we could get
			// wrong, an over-long key, is refused before any SQL runs.
			return "INSERT IGNORE" + insert(table, key, value, expires).substring("INSERT".length());
		}

	},

	/** MySQL: as MariaDB, with MySQL's name for a binary collation. */
	MYSQL("MySQL", '`', "varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin", "longblob", "datetime(6)") {

		@Override
		@Nullable String identifierProblem(String name) {
			return mysqlIdentifierProblem(name, productName());
		}

		@Override
		String upsert(String table, String key, String value, String expires) {
			return MARIADB.upsert(table, key, value, expires);
		}

		@Override
		String insertIfAbsent(String table, String key, String value, String expires) {
			return MARIADB.insertIfAbsent(table, key, value, expires);
		}

	},

	/** H2: {@code MERGE ... KEY}; a duplicate insert fails and is read as "not added". */
	H2("H2", '"', "varchar(255)", "varbinary", "timestamp(6)") {

		@Override
		@Nullable String identifierProblem(String name) {
			return (name.length() > 256) ? "is " + name.length() + " characters long, over H2's 256" : null;
		}

		@Override
		String upsert(String table, String key, String value, String expires) {
			return "MERGE INTO " + table + " (" + key + ", " + value + ", " + expires + ") KEY (" + key
					+ ") VALUES (?, ?, ?)";
		}

		@Override
		String insertIfAbsent(String table, String key, String value, String expires) {
			return insert(table, key, value, expires);
		}

	};

	private final String productName;

	private final char quote;

	private final String keyType;

	private final String valueType;

	private final String expiresType;

	SqlDialect(String productName, char quote, String keyType, String valueType, String expiresType) {
		this.productName = productName;
		this.quote = quote;
		this.keyType = keyType;
		this.valueType = valueType;
		this.expiresType = expiresType;
	}

	/**
	 * Finds the dialect from {@code DatabaseMetaData.getDatabaseProductName()}.
	 * @param productName the product name
	 * @return the dialect, or {@code null} for an unsupported database
	 */
	static @Nullable SqlDialect fromProductName(String productName) {
		String name = productName.toLowerCase(Locale.ROOT);
		if (name.contains("postgresql")) {
			return POSTGRESQL;
		}
		if (name.contains("mariadb")) {
			return MARIADB;
		}
		if (name.contains("mysql")) {
			return MYSQL;
		}
		if (name.equals("h2")) {
			return H2;
		}
		return null;
	}

	/**
	 * Quotes an identifier, doubling the quote character inside it (standard SQL, and
	 * MariaDB/MySQL's rule for backticks), so that nothing in it can end the quoted name.
	 */
	String quote(String identifier) {
		String quote = String.valueOf(this.quote);
		return quote + identifier.replace(quote, quote + quote) + quote;
	}

	/**
	 * Tells why this database cannot hold a name, beyond what {@link TableName} refuses
	 * for every database.
	 * @param name the unquoted name
	 * @return the reason, as a phrase that follows the name, or {@code null} when it is
	 * accepted
	 */
	abstract @Nullable String identifierProblem(String name);

	/** The database's name, for messages. */
	String productName() {
		return this.productName;
	}

	String keyType() {
		return this.keyType;
	}

	String valueType() {
		return this.valueType;
	}

	String expiresType() {
		return this.expiresType;
	}

	/**
	 * Inserts or replaces one row; parameters: key, value, expires.
	 */
	abstract String upsert(String table, String key, String value, String expires);

	/**
	 * Inserts one row unless the key exists, reporting 0 rows (or failing with a
	 * duplicate key) when it does; parameters: key, value, expires.
	 */
	abstract String insertIfAbsent(String table, String key, String value, String expires);

	/**
	 * The statement that lets the current transaction commit without waiting for the
	 * disk, or {@code null} where the database has no such per-transaction setting.
	 */
	@Nullable String relaxedCommit() {
		return null;
	}

	/**
	 * MariaDB's and MySQL's rules for names: at most 64 characters, none outside the
	 * Basic Multilingual Plane, no trailing space.
	 */
	private static @Nullable String mysqlIdentifierProblem(String name, String product) {
		if (name.codePointCount(0, name.length()) > 64) {
			return "is " + name.codePointCount(0, name.length()) + " characters long, over " + product + "'s 64";
		}
		if (name.codePoints().anyMatch(Character::isSupplementaryCodePoint)) {
			return "holds a character outside the Basic Multilingual Plane, which " + product
					+ " does not allow in names";
		}
		if (name.endsWith(" ")) {
			return "ends with a space, which " + product + " does not allow in names";
		}
		return null;
	}

	static String insert(String table, String key, String value, String expires) {
		return "INSERT INTO " + table + " (" + key + ", " + value + ", " + expires + ") VALUES (?, ?, ?)";
	}

}
