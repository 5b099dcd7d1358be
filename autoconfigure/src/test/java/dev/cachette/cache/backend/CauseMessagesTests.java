package dev.cachette.cache.backend;

import java.io.EOFException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cause texts of {@link CauseMessages}, which name an unreachable server's failure.
 */
class CauseMessagesTests {

	@Test
	void of_neverNull_andKeepsTheDriversWords() {
		Exception pool = new SQLTransientConnectionException("Connection is not available, request timed out",
				new EOFException());
		assertThat(CauseMessages.of(new RuntimeException(null, pool)))
			.isEqualTo("Connection is not available, request timed out (java.io.EOFException)");
		assertThat(CauseMessages.of(new EOFException())).isEqualTo("java.io.EOFException");
		assertThat(CauseMessages.of(new RuntimeException("wrapper", new java.net.ConnectException("refused"))))
			.isEqualTo("refused");
	}

}
