package dev.cachette.cache.backend.db;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.TransactionTemplate;

import dev.cachette.cache.CacheException;
import dev.cachette.cache.resilience.BackgroundWork;
import dev.cachette.cache.resilience.CallTimeouts;
import dev.cachette.cache.settings.CacheSettings;

/**
 * The database side of one alias, Django's {@code router} and {@code connections} for the
 * cache model: the data source writes go to and the one reads go to, each statement
 * bounded by {@code options.statement-timeout} on the server and by the deadline of its
 * path on the client ({@link BoundedDataSource}), the SQL for that database, and what a
 * failure means: a database that cannot be reached or does not answer in time becomes
 * {@link dev.cachette.cache.CacheUnavailableException} (naming the data source and its
 * URL), a missing table an error that says how to create it.
 */
final class CacheDatabase {

	/** How many times a transaction that lost a deadlock is run. */
	private static final int MAX_ATTEMPTS = 5;

	static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(5);

	/**
	 * A call is a statement, sometimes a cull, and a commit: twice the network backends'
	 * 50 ms.
	 */
	static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofMillis(100);

	private final String alias;

	private final TableName table;

	private final JdbcTemplate writer;

	private final JdbcTemplate reader;

	private final TransactionTemplate transactions;

	private final String writeServer;

	private final String readServer;

	private final Unavailable unavailable;

	private final BoundedDataSource boundedWrites;

	private final BoundedDataSource boundedReads;

	private volatile @Nullable CacheTableSql sql;

	CacheDatabase(CacheSettings settings, DataSource dataSource, DataSource readDataSource, Unavailable unavailable) {
		this.alias = settings.alias();
		this.table = TableName.of(settings);
		this.unavailable = unavailable;
		Duration timeout = settings.durationOption("statement-timeout", DEFAULT_STATEMENT_TIMEOUT);
		if (timeout.isNegative() || timeout.isZero()) {
			throw settings.invalidOption("statement-timeout", settings.option("statement-timeout"),
					"a positive duration such as 5s");
		}
		// JDBC counts query timeouts in whole seconds: round up, never down to "none".
		int seconds = (int) Math.min(Integer.MAX_VALUE, (timeout.toMillis() + 999) / 1000);
		CallTimeouts timeouts = CallTimeouts.of(settings, DEFAULT_OPERATION_TIMEOUT);
		this.boundedWrites = new BoundedDataSource(this.alias, dataSource, timeouts);
		this.boundedReads = (readDataSource != dataSource) ? new BoundedDataSource(this.alias, readDataSource, timeouts)
				: this.boundedWrites;
		this.writer = jdbcTemplate(this.boundedWrites, seconds);
		this.reader = (readDataSource != dataSource) ? jdbcTemplate(this.boundedReads, seconds) : this.writer;
		this.transactions = new TransactionTemplate(new JdbcTransactionManager(this.boundedWrites));
		this.transactions.setTimeout(seconds);
		this.writeServer = DataSourceDescription.of(dataSource, beanName(settings, "datasource"));
		this.readServer = (readDataSource != dataSource)
				? DataSourceDescription.of(readDataSource, beanName(settings, "read-datasource")) : this.writeServer;
	}

	private static JdbcTemplate jdbcTemplate(DataSource dataSource, int timeoutSeconds) {
		JdbcTemplate template = new JdbcTemplate(dataSource);
		template.setQueryTimeout(timeoutSeconds);
		return template;
	}

	private static @Nullable String beanName(CacheSettings settings, String option) {
		String name = settings.stringOption(option, "");
		return name.isEmpty() ? null : name;
	}

	JdbcTemplate writer() {
		return this.writer;
	}

	JdbcTemplate reader() {
		return this.reader;
	}

	/** The SQL, learning the database from the write data source if needed. */
	CacheTableSql sql() {
		return sql(this.writer);
	}

	/** The SQL, learning the database from the read data source if needed. */
	CacheTableSql sqlForReads() {
		return sql(this.reader);
	}

	private CacheTableSql sql(JdbcTemplate via) {
		CacheTableSql sql = this.sql;
		if (sql == null) {
			String product = via.execute(
					(ConnectionCallback<String>) (connection) -> connection.getMetaData().getDatabaseProductName());
			SqlDialect dialect = SqlDialect.fromProductName(String.valueOf(product));
			if (dialect == null) {
				throw new CacheException("Cache '" + this.alias + "': the database backend supports PostgreSQL,"
						+ " MariaDB/MySQL and H2, not " + product + " (" + this.writeServer + ")");
			}
			this.table.check(dialect, this.alias);
			sql = new CacheTableSql(this.table, dialect);
			this.sql = sql;
		}
		return sql;
	}

	/**
	 * Runs statements in one transaction on the write data source, once more if the
	 * database chose it as a deadlock victim. A transaction the cache starts commits
	 * without waiting for the disk where the database allows that per transaction
	 * (PostgreSQL's {@code synchronous_commit}): a crash may lose the last moments of
	 * cache writes, never their consistency, which a cache may lose anyway; and row
	 * locks, for which concurrent {@code incr} callers queue, are held for less. A
	 * transaction of the caller's that the cache joins is left alone.
	 */
	<T> @Nullable T inTransaction(Function<TransactionStatus, @Nullable T> statements) {
		try {
			return runTransaction(statements);
		}
		catch (ConcurrencyFailureException ex) {
			return runTransaction(statements);
		}
	}

	private <T> @Nullable T runTransaction(Function<TransactionStatus, @Nullable T> statements) {
		return this.transactions.execute((status) -> {
			String relaxedCommit = sql().dialect().relaxedCommit();
			if (relaxedCommit != null && status.isNewTransaction()) {
				this.writer.execute(relaxedCommit);
			}
			return statements.apply(status);
		});
	}

	/**
	 * Follows Django's {@code createcachetable} for this alias's table; background work,
	 * so its statements get {@code background-timeout}.
	 */
	boolean createTable(boolean dryRun, Consumer<String> output) {
		return BackgroundWork.call(() -> write("create the cache table",
				() -> new CacheTableCreator(this.writer, this.transactions, sql(), this.table.toString(), output)
					.create(dryRun)));
	}

	/** Runs reads, naming the read data source if they fail. */
	<T> T read(String operation, Supplier<T> action) {
		return run(operation, this.readServer, action);
	}

	/** Runs writes, naming the write data source if they fail. */
	<T> T write(String operation, Supplier<T> action) {
		return run(operation, this.writeServer, action);
	}

	/**
	 * Runs writes that send a value, with the deadline its size gets, naming the write
	 * data source if they fail.
	 */
	<T> T write(String operation, long payloadBytes, Supplier<T> action) {
		return run(operation, this.writeServer, () -> BoundedDataSource.sending(payloadBytes, action));
	}

	private <T> T run(String operation, String server, Supplier<T> action) {
		for (int attempt = 1;; attempt++) {
			try {
				return runOnce(operation, server, action);
			}
			catch (PessimisticLockingFailureException ex) {
				// InnoDB can pick a cache transaction as a deadlock victim when
				// concurrent
				// writers take gap locks on one key; the victim was rolled back whole, so
				// it is
				// safe to run again (MySQL's advice: "try restarting transaction").
				if (attempt == MAX_ATTEMPTS) {
					throw this.unavailable.create(server, operation, ex.getMostSpecificCause());
				}
			}
		}
	}

	private <T> T runOnce(String operation, String server, Supplier<T> action) {
		try {
			return action.get();
		}
		catch (PessimisticLockingFailureException ex) {
			throw ex;
		}
		catch (DataAccessResourceFailureException | TransientDataAccessException | RecoverableDataAccessException
				| CannotCreateTransactionException ex) {
			// The driver's own words ("Connection refused", "canceling statement due to
			// statement timeout") say more than Spring's "Failed to obtain JDBC
			// Connection"; the whole chain goes on, since the deepest cause may have no
			// message (a pool's EOFException) while the one above it does.
			throw this.unavailable.create(server, operation, ex);
		}
		catch (TransactionSystemException ex) {
			// The rollback after a statement failed on a connection its network timeout
			// broke: that statement's failure is the one to report.
			Throwable failure = (ex.getApplicationException() != null) ? ex.getApplicationException() : ex;
			throw this.unavailable.create(server, operation, failure);
		}
		catch (BadSqlGrammarException ex) {
			throw new CacheException("Cache '" + this.alias + "' could not " + operation + " in table '" + this.table
					+ "' on " + server + " (does the table exist? Create it with caches." + this.alias
					+ ".options.create-table: true or by running the application with --cachette.createcachetable): "
					+ ex.getMostSpecificCause().getMessage(), ex);
		}
	}

	/**
	 * Tells whether a failure shows the database down rather than slow: the driver
	 * reports the connection refused or broken, SQLState class {@code 08} ("connection
	 * exception" in SQL:2016, as PostgreSQL's {@code 08001} and {@code 08006} and
	 * MariaDB's {@code 08000}). A connection that the network timeout cut
	 * ({@link java.net.SocketTimeoutException}, reported as {@code 08006} too) is not: a
	 * server that is only slow, as one just thawed or busy with a checkpoint, would open
	 * the circuit at each slow read; it counts towards the failure threshold, as does a
	 * statement timeout the server answered ({@code 57014}) and a pool slow to hand out a
	 * connection.
	 * @param failure the failure, with its causes
	 * @return whether it shows the database down
	 */
	static boolean showsServerDown(Throwable failure) {
		boolean broken = false;
		int depth = 0;
		for (Throwable cause = failure; cause != null && depth < 10; cause = cause.getCause(), depth++) {
			if (cause instanceof java.net.SocketTimeoutException) {
				return false;
			}
			if (cause instanceof java.sql.SQLNonTransientConnectionException
					|| cause instanceof java.net.ConnectException || (cause instanceof java.sql.SQLException sql
							&& sql.getSQLState() != null && sql.getSQLState().startsWith("08"))) {
				broken = true;
			}
		}
		return broken;
	}

	/** Stops the threads that wait for connections. */
	void close() {
		this.boundedWrites.close();
		this.boundedReads.close();
	}

	@Override
	public String toString() {
		return "table=" + this.table + ", " + this.writeServer;
	}

	/** Creates the exception for a data source that cannot be reached. */
	@FunctionalInterface
	interface Unavailable {

		RuntimeException create(String server, String operation, Throwable cause);

	}

}
