package dev.cachette.cache.backend.db;

import java.util.List;
import java.util.function.Consumer;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.transaction.support.TransactionTemplate;

import dev.cachette.cache.CacheException;

/**
 * Creates one cache table: Django's {@code createcachetable} for one alias. A table that
 * exists is reported and left exactly as it is; otherwise the table and its index on
 * {@code expires} are created in one transaction (atomic where the database's DDL is
 * transactional, as PostgreSQL's is), or printed with {@code dryRun}.
 */
final class CacheTableCreator {

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final CacheTableSql sql;

	private final String table;

	private final Consumer<String> output;

	CacheTableCreator(JdbcTemplate jdbc, TransactionTemplate transactions, CacheTableSql sql, String table,
			Consumer<String> output) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.sql = sql;
		this.table = table;
		this.output = output;
	}

	boolean create(boolean dryRun) {
		if (exists()) {
			this.output.accept("Cache table '" + this.table + "' already exists.");
			return false;
		}
		List<String> statements = this.sql.createTable();
		if (dryRun) {
			statements.forEach(this.output);
			return false;
		}
		try {
			this.transactions.executeWithoutResult((status) -> statements
				.forEach((statement) -> this.jdbc.execute(statement.substring(0, statement.length() - 1))));
		}
		catch (DataAccessException ex) {
			if (exists()) {
				// Another instance of the application created it meanwhile.
				this.output.accept("Cache table '" + this.table + "' already exists.");
				return false;
			}
			throw new CacheException("Cache table '" + this.table + "' could not be created. The error was: "
					+ ex.getMostSpecificCause().getMessage(), ex);
		}
		this.output.accept("Cache table '" + this.table + "' created.");
		return true;
	}

	/**
	 * Asks the table itself rather than the catalog, so that quoting, case folding and
	 * schemas are resolved exactly as the cache's own statements resolve them.
	 */
	private boolean exists() {
		try {
			this.jdbc.query(this.sql.probe, (ResultSetExtractor<Object>) (rs) -> null);
			return true;
		}
		catch (BadSqlGrammarException ex) {
			return false;
		}
	}

}
