package dev.cachette.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.cachette.cache.TestServers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --cachette.createcachetable} end to end: the application is started in its own
 * JVM, as a user would run it, creates the tables of its database aliases, prints what it
 * did and exits with status 0, without serving anything.
 */
class CreateCacheTableCommandTests {

	@TempDir
	Path directory;

	@Test
	void command_createsTheTablesAndExits_thenReportsThemExisting() throws Exception {
		String url = "jdbc:h2:file:" + this.directory.resolve("db").toAbsolutePath();
		Result first = run(url, "--cachette.createcachetable");
		assertThat(first.exitCode()).as(first.output()).isZero();
		assertThat(first.output()).contains("Cache table 'command_cache' created.")
			.contains("Cache table 'command_sessions' created.")
			.doesNotContain("APPLICATION KEPT RUNNING");
		Result second = run(url, "--cachette.createcachetable");
		assertThat(second.exitCode()).as(second.output()).isZero();
		assertThat(second.output()).contains("Cache table 'command_cache' already exists.")
			.contains("Cache table 'command_sessions' already exists.");
	}

	@Test
	void command_dryRun_printsTheSqlAndCreatesNothing() throws Exception {
		String url = "jdbc:h2:file:" + this.directory.resolve("db").toAbsolutePath();
		Result dryRun = run(url, "--cachette.createcachetable", "--dry-run");
		assertThat(dryRun.exitCode()).as(dryRun.output()).isZero();
		assertThat(dryRun.output()).contains("CREATE TABLE \"command_cache\" (")
			.contains("CREATE INDEX \"command_cache_expires\" ON \"command_cache\" (\"expires\");")
			.doesNotContain("created.");
		Result create = run(url, "--cachette.createcachetable");
		assertThat(create.output()).contains("Cache table 'command_cache' created.");
	}

	/**
	 * Django's {@code DBCacheTests} table, {@code test cache table}, through the command
	 * on each database ({@code test_createcachetable_with_table_argument},
	 * {@code test_second_call_doesnt_crash}): the name is quoted in every statement.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "H2", "PostgreSQL", "MariaDB" })
	void command_tableNameWithSpaces_isCreatedOnEachDatabase(String database) throws Exception {
		String variable = database.equals("MariaDB") ? "CACHETTE_MARIADB_URL" : "CACHETTE_POSTGRES_URL";
		String url = switch (database) {
			case "PostgreSQL" -> TestServers.address(variable, "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
			case "MariaDB" -> TestServers.address(variable, "jdbc:mariadb://127.0.0.1:3306/test?user=root");
			default -> "jdbc:h2:file:" + this.directory.resolve("db").toAbsolutePath();
		};
		String quote = database.equals("MariaDB") ? "`" : "\"";
		String table = quote + "test cache table" + quote;
		// No connection is held while the command runs: H2 locks its file.
		execute(database, url, variable, "DROP TABLE IF EXISTS " + table);
		Result first = run(url, List.of("test cache table", "local"), "--cachette.createcachetable");
		assertThat(first.exitCode()).as(first.output()).isZero();
		assertThat(first.output()).contains("Cache table 'test cache table' created.");
		Result second = run(url, List.of("test cache table", "local"), "--cachette.createcachetable");
		assertThat(second.output()).contains("Cache table 'test cache table' already exists.");
		execute(database, url, variable, "SELECT COUNT(*) FROM " + table);
		execute(database, url, variable, "DROP TABLE " + table);
	}

	private static void execute(String database, String url, String variable, String sql) throws SQLException {
		Connection connection;
		try {
			connection = DriverManager.getConnection(url);
		}
		catch (SQLException ex) {
			TestServers.assumeReachable(database, url, variable, ex);
			throw ex;
		}
		try (connection; Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private Result run(String url, String... commandArguments) throws IOException, InterruptedException {
		return run(url, List.of("command_cache", "command_sessions"), commandArguments);
	}

	private Result run(String url, List<String> tables, String... commandArguments)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(CreateCacheTableApplication.class.getName());
		command.add("--test.jdbc-url=" + url);
		command.add("--caches.default.backend=database");
		command.add("--caches.default.location=" + tables.get(0));
		command.add("--caches.sessions.backend=" + (tables.get(1).equals("local") ? "locmem" : "database"));
		command.add("--caches.sessions.location=" + tables.get(1));
		command.add("--caches.local.backend=locmem");
		command.addAll(List.of(commandArguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		byte[] output = process.getInputStream().readAllBytes();
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
		return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
	}

	private record Result(int exitCode, String output) {
	}

}
