package dev.cachette.cache.backend.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A data source that counts the connections taken from it: outside a transaction Spring
 * JDBC takes one per statement, so the count tells which data source a call used and how
 * many round trips it made.
 */
final class CountingDataSource extends DelegatingDataSource {

	private final AtomicInteger connections = new AtomicInteger();

	CountingDataSource(DataSource target) {
		super(target);
	}

	int connections() {
		return this.connections.get();
	}

	void reset() {
		this.connections.set(0);
	}

	@Override
	public Connection getConnection() throws SQLException {
		this.connections.incrementAndGet();
		return super.getConnection();
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		this.connections.incrementAndGet();
		return super.getConnection(username, password);
	}

}
