package dev.cachette.cache.backend.db;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.InfrastructureProxy;
import org.springframework.jdbc.datasource.ConnectionProxy;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import dev.cachette.cache.resilience.BackgroundWork;
import dev.cachette.cache.resilience.CallTimeouts;

/**
 * The data source as the cache uses it: no call waits longer than the deadline of its
 * path ({@link CallTimeouts}), whatever the pool and the database do.
 *
 * <ul>
 * <li>Taking a connection waits at most the call's deadline. A pool such as HikariCP
 * waits its own {@code connectionTimeout} (30 s by default) for a connection when the
 * database is down or the pool is exhausted, and the cache shares the application's pool,
 * whose settings are not the cache's to change. So the connection is taken on one of at
 * most {@value #MAX_WAITING} threads of this alias, and the caller gives up at its
 * deadline (a connection that arrives later is closed at once); when they are all waiting
 * already, a call fails at once instead of adding to the queue.</li>
 * <li>While an earlier acquisition still waits past its caller's deadline, the pool is
 * evidently not handing out connections (the database is down or frozen, or the pool
 * exhausted): a request-path call then waits at most {@link #WAIT_WHILE_STRANDED} instead
 * of its whole deadline, so the calls made before the circuit breaker opens, and those
 * after it closes too early, cost little. Background work keeps its deadline.</li>
 * <li>Each connection's network timeout ({@link Connection#setNetworkTimeout}, a socket
 * read timeout in PostgreSQL's and MariaDB's drivers) is the call's deadline while the
 * cache holds it, and is put back when the cache returns it. A frozen database never
 * answers a statement nor the cancel a JDBC query timeout sends, so only a socket timeout
 * holds there; the driver then closes the connection and the pool replaces it.</li>
 * </ul>
 * It is an {@link InfrastructureProxy}, so Spring's transaction synchronization keys it
 * by the data source it wraps: a cache call inside the application's transaction joins
 * that transaction, whose connection the application owns.
 */
final class BoundedDataSource extends DelegatingDataSource implements InfrastructureProxy {

	/**
	 * Once this many acquisitions of an alias still wait past their callers' deadlines,
	 * calls fail at once instead of starting more.
	 */
	static final int MAX_STRANDED = 8;

	/**
	 * How long a request-path call waits for a connection while an earlier acquisition is
	 * stranded: enough for a pool with an idle connection to hand it out.
	 */
	static final Duration WAIT_WHILE_STRANDED = Duration.ofMillis(10);

	private static final Log logger = LogFactory.getLog(BoundedDataSource.class);

	/** How many bytes the current thread's call sends, for its deadline. */
	private static final ThreadLocal<Long> PAYLOAD = new ThreadLocal<>();

	/** The drivers' network timeouts cut the socket themselves; they run nothing here. */
	private static final Executor DIRECT = Runnable::run;

	private final String alias;

	private final CallTimeouts timeouts;

	private final ExecutorService acquirers;

	private final AtomicInteger stranded = new AtomicInteger();

	private volatile boolean networkTimeoutSupported = true;

	BoundedDataSource(String alias, DataSource target, CallTimeouts timeouts) {
		super(target);
		this.alias = alias;
		this.timeouts = timeouts;
		this.acquirers = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "cachette-" + alias + "-connect");
			thread.setDaemon(true);
			return thread;
		});
	}

	@Override
	public Object getWrappedObject() {
		return obtainTargetDataSource();
	}

	/**
	 * Runs a call that sends a large value, so that its connections get the size-aware
	 * deadline of {@link CallTimeouts#current(long)}.
	 * @param <T> the result type
	 * @param payloadBytes how many bytes the call sends
	 * @param call the call
	 * @return what the call returns
	 */
	static <T> T sending(long payloadBytes, Supplier<T> call) {
		PAYLOAD.set(payloadBytes);
		try {
			return call.get();
		}
		finally {
			PAYLOAD.remove();
		}
	}

	@Override
	public Connection getConnection() throws SQLException {
		Long payload = PAYLOAD.get();
		Duration deadline = this.timeouts.current((payload != null) ? payload : 0);
		return bounded(acquire(deadline), deadline);
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		throw new SQLException("The cache takes connections of its data source's own user");
	}

	private Connection acquire(Duration deadline) throws SQLException {
		int stranded = this.stranded.get();
		if (stranded >= MAX_STRANDED) {
			throw new SQLTransientConnectionException(MAX_STRANDED + " earlier calls of cache '" + this.alias
					+ "' still wait for a connection past their deadline; not waiting in line");
		}
		boolean shortWait = stranded > 0 && !BackgroundWork.isActive() && deadline.compareTo(WAIT_WHILE_STRANDED) > 0;
		Duration wait = shortWait ? WAIT_WHILE_STRANDED : deadline;
		CompletableFuture<Connection> taken = CompletableFuture.supplyAsync(this::connect, this.acquirers);
		try {
			return taken.get(wait.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			strand(taken);
			throw new SQLTransientConnectionException("no connection within " + wait.toMillis() + " ms ("
					+ (shortWait ? "an earlier call still waits for one"
							: "options." + (BackgroundWork.isActive() ? "background-timeout" : "operation-timeout"))
					+ ")");
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof SQLException sql) {
				throw sql;
			}
			throw new SQLTransientConnectionException(String.valueOf(cause), cause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			strand(taken);
			throw new SQLTransientConnectionException("interrupted while waiting for a connection", ex);
		}
	}

	/**
	 * Counts an acquisition its caller gave up on until it ends, closing what it brings.
	 */
	private void strand(CompletableFuture<Connection> taken) {
		this.stranded.incrementAndGet();
		taken.whenComplete((connection, failure) -> {
			this.stranded.decrementAndGet();
			if (connection != null) {
				closeQuietly(connection);
			}
		});
	}

	private Connection connect() {
		try {
			return obtainTargetDataSource().getConnection();
		}
		catch (SQLException ex) {
			throw new java.util.concurrent.CompletionException(ex);
		}
	}

	/**
	 * Gives the connection the call's deadline as its network timeout, and a
	 * {@code close()} that puts the pool's own back.
	 */
	private Connection bounded(Connection connection, Duration deadline) throws SQLException {
		if (!this.networkTimeoutSupported) {
			return connection;
		}
		int previous;
		try {
			previous = connection.getNetworkTimeout();
			connection.setNetworkTimeout(DIRECT, (int) Math.min(Integer.MAX_VALUE, deadline.toMillis()));
		}
		catch (SQLException | AbstractMethodError | UnsupportedOperationException ex) {
			// H2 and older drivers have no network timeout: the statement timeout is all.
			this.networkTimeoutSupported = false;
			logger.debug("Cache '" + this.alias + "': the JDBC driver has no network timeout: " + ex);
			return connection;
		}
		return (Connection) Proxy.newProxyInstance(BoundedDataSource.class.getClassLoader(),
				new Class<?>[] { ConnectionProxy.class }, new RestoringHandler(connection, previous));
	}

	/** Stops the threads that wait for connections. */
	void close() {
		this.acquirers.shutdownNow();
	}

	private static void closeQuietly(Connection connection) {
		try {
			connection.close();
		}
		catch (SQLException ex) {
			logger.debug("Could not close a connection that came too late", ex);
		}
	}

	/** Puts the network timeout back before the connection returns to the pool. */
	private static final class RestoringHandler implements InvocationHandler {

		private final Connection target;

		private final int networkTimeout;

		RestoringHandler(Connection target, int networkTimeout) {
			this.target = target;
			this.networkTimeout = networkTimeout;
		}

		@Override
		public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
			switch (method.getName()) {
				case "getTargetConnection":
					return this.target;
				case "equals":
					return proxy == args[0];
				case "hashCode":
					return System.identityHashCode(proxy);
				case "unwrap":
					if (((Class<?>) args[0]).isInstance(proxy)) {
						return proxy;
					}
					break;
				case "isWrapperFor":
					if (((Class<?>) args[0]).isInstance(proxy)) {
						return true;
					}
					break;
				case "close":
					restore();
					break;
				default:
					break;
			}
			try {
				return method.invoke(this.target, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getTargetException();
			}
		}

		private void restore() {
			try {
				if (!this.target.isClosed()) {
					this.target.setNetworkTimeout(DIRECT, this.networkTimeout);
				}
			}
			catch (SQLException ex) {
				// A connection the driver broke at the deadline: the pool discards it.
				logger.debug("Could not restore a connection's network timeout", ex);
			}
		}

	}

}
