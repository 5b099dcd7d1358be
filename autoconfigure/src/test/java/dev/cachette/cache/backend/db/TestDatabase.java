package dev.cachette.cache.backend.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.cachette.cache.TestServers;

/**
 * The three databases the backend is tested on, each a small shared connection pool.
 * PostgreSQL and MariaDB are real servers (addresses from {@code CACHETTE_POSTGRES_URL}
 * and {@code CACHETTE_MARIADB_URL}, user in the URL); H2 runs in memory.
 */
enum TestDatabase {

	POSTGRESQL("PostgreSQL", "CACHETTE_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres", "public",
			'"'),

	MARIADB("MariaDB", "CACHETTE_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root", "test", '`'),

	H2("H2", "CACHETTE_H2_URL", "jdbc:h2:mem:cachette;DB_CLOSE_DELAY=-1", "PUBLIC", '"');

	private static final Map<TestDatabase, HikariDataSource> pools = new EnumMap<>(TestDatabase.class);

	private final String product;

	private final String environmentVariable;

	private final String defaultUrl;

	private final String schema;

	private final char quote;

	TestDatabase(String product, String environmentVariable, String defaultUrl, String schema, char quote) {
		this.product = product;
		this.environmentVariable = environmentVariable;
		this.defaultUrl = defaultUrl;
		this.schema = schema;
		this.quote = quote;
	}

	String url() {
		return TestServers.address(this.environmentVariable, this.defaultUrl);
	}

	/** The schema (database on MariaDB) the URL connects to. */
	String schema() {
		return this.schema;
	}

	/**
	 * The shared pool; skips the test (fails it under {@code CI=true}) when the server
	 * cannot be reached.
	 */
	synchronized DataSource dataSource() {
		HikariDataSource pool = pools.get(this);
		if (pool == null) {
			HikariConfig config = new HikariConfig();
			config.setJdbcUrl(url());
			config.setPoolName("cachette-test-" + name().toLowerCase());
			config.setMaximumPoolSize(12);
			config.setConnectionTimeout(3000);
			config.setInitializationFailTimeout(-1);
			pool = new HikariDataSource(config);
			try (Connection connection = pool.getConnection()) {
				connection.isValid(2);
			}
			catch (SQLException ex) {
				pool.close();
				TestServers.assumeReachable(this.product, url(), this.environmentVariable, ex);
			}
			pools.put(this, pool);
		}
		return pool;
	}

	/** Quotes a name, doubling the quote character inside it. */
	String quote(String identifier) {
		String quote = String.valueOf(this.quote);
		return quote + identifier.replace(quote, quote + quote) + quote;
	}

	void dropTable(String table) {
		new JdbcTemplate(dataSource()).execute("DROP TABLE IF EXISTS " + quote(table));
	}

}
