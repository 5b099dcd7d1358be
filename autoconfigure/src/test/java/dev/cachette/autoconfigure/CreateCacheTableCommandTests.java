package dev.cachette.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

	private Result run(String url, String... commandArguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(CreateCacheTableApplication.class.getName());
		command.add("--test.h2-url=" + url);
		command.add("--caches.default.backend=database");
		command.add("--caches.default.location=command_cache");
		command.add("--caches.sessions.backend=database");
		command.add("--caches.sessions.location=command_sessions");
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
