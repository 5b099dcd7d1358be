package dev.cachette.cache.backend.db;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CacheDatabase#showsServerDown}: the failures that open a database
 * alias's circuit at once are the driver's connection failures, wherever they sit in the
 * cause chain, and not a timeout: of a statement, of a read the network timeout cut, of a
 * pool slow to hand out a connection.
 */
class ServerDownTests {

	@Test
	void aConnectionFailure_showsTheServerDown() {
		assertThat(CacheDatabase.showsServerDown(new DataAccessResourceFailureException("failed",
				new SQLException("An I/O error occurred while sending to the backend.", "08006"))))
			.isTrue();
		assertThat(CacheDatabase.showsServerDown(new SQLException("Connection refused", "08001"))).isTrue();
		assertThat(CacheDatabase.showsServerDown(new SQLNonTransientConnectionException("Socket fail to connect")))
			.isTrue();
		assertThat(CacheDatabase.showsServerDown(new IllegalStateException(new ConnectException("Connection refused"))))
			.isTrue();
	}

	@Test
	void aSlowServerOrPool_doesNot() {
		assertThat(CacheDatabase
			.showsServerDown(new SQLException("canceling statement due to statement timeout", "57014"))).isFalse();
		assertThat(CacheDatabase.showsServerDown(new SQLTransientConnectionException("no connection within 100 ms")))
			.isFalse();
		assertThat(CacheDatabase.showsServerDown(new SQLException("deadlock", "40P01"))).isFalse();
		assertThat(CacheDatabase.showsServerDown(new SQLException("An I/O error occurred while sending to the backend.",
				"08006", new java.net.SocketTimeoutException("Read timed out"))))
			.as("a read the network timeout cut: slow, maybe")
			.isFalse();
	}

}
