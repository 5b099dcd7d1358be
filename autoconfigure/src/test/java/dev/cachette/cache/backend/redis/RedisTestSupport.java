package dev.cachette.cache.backend.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.jspecify.annotations.Nullable;

import dev.cachette.cache.TestServers;
import dev.cachette.cache.settings.CacheSettings;

/**
 * The Redis server the tests use ({@code CACHETTE_REDIS_URL}, default
 * {@code redis://127.0.0.1:6379/9}), raw Lettuce connections to check what the cache
 * really stored, and the replica the replica test needs.
 */
final class RedisTestSupport {

	static final String URL = TestServers.address("CACHETTE_REDIS_URL", "redis://127.0.0.1:6379/9");

	static final RedisURI URI = RedisURI.create(URL);

	/** The replica's port; the test starts one there unless CI already did. */
	static final int REPLICA_PORT = Integer.parseInt(TestServers.env("CACHETTE_REDIS_REPLICA_PORT", "6380"));

	private RedisTestSupport() {
	}

	static void requireRedis() {
		TestServers.require("Redis (set CACHETTE_REDIS_URL)", URI.getHost(), URI.getPort());
	}

	/** The test URL with another database, so suites never clear each other's keys. */
	static String url(int database) {
		return "redis://" + URI.getHost() + ":" + URI.getPort() + "/" + database;
	}

	static String replicaUrl() {
		return "redis://" + URI.getHost() + ":" + REPLICA_PORT + "/" + URI.getDatabase();
	}

	/** Settings for the test server, with a key prefix no other test uses. */
	static CacheSettings.Builder settings(String alias) {
		return TestServers.withBehaviourDeadline(CacheSettings.builder(alias)
			.backend("redis")
			.location(URL)
			.keyPrefix("t" + UUID.randomUUID().toString().substring(0, 8)));
	}

	/** A raw connection to a server, bypassing the cache. */
	static Raw raw(String url) {
		RedisClient client = RedisClient.create(RedisURI.create(url));
		client.setDefaultTimeout(Duration.ofSeconds(5));
		return new Raw(client, client.connect());
	}

	/**
	 * Starts a replica of the test server on {@link #REPLICA_PORT} unless one runs there,
	 * and waits until it is in sync.
	 * @return whether this call started it (and so should stop it)
	 */
	static boolean startReplica() throws IOException, InterruptedException {
		boolean started = startServer(REPLICA_PORT, "--replicaof", URI.getHost(), Integer.toString(URI.getPort()));
		try (Raw replica = raw(replicaUrl())) {
			await("the replica on port " + REPLICA_PORT + " to sync with " + URL,
					() -> replica.commands().info("replication").contains("master_link_status:up"));
		}
		return started;
	}

	/**
	 * Starts a {@code redis-server} on a port of the test host (no persistence) unless
	 * something listens there already.
	 * @param port the port
	 * @param arguments more {@code redis-server} arguments
	 * @return whether this call started it
	 */
	static boolean startServer(int port, String... arguments) throws IOException, InterruptedException {
		return startServer(port, null, arguments);
	}

	/**
	 * Starts a {@code redis-server} with a configuration file (which redis-server wants
	 * first) unless something listens on the port.
	 * @param port the port
	 * @param config the configuration file, or {@code null}
	 * @param arguments more {@code redis-server} arguments
	 * @return whether this call started it
	 */
	static boolean startServer(int port, @Nullable Path config, String... arguments)
			throws IOException, InterruptedException {
		if (TestServers.isReachable(URI.getHost(), port)) {
			return false;
		}
		// A directory of its own: a replica writes the RDB it syncs there, and another
		// server must never load it (a Cluster node crashes on a multi-database file).
		Path directory = directory(port);
		deleteRecursively(directory);
		Files.createDirectories(directory);
		List<String> command = new ArrayList<>(List.of("redis-server"));
		if (config != null) {
			command.add(config.toString());
		}
		command.addAll(List.of("--port", Integer.toString(port), "--bind", URI.getHost(), "--save", "", "--appendonly",
				"no", "--daemonize", "yes", "--dir", directory.toString()));
		command.addAll(List.of(arguments));
		run(command);
		await("redis-server to listen on port " + port, () -> TestServers.isReachable(URI.getHost(), port));
		return true;
	}

	/**
	 * Runs a command (redis-server, redis-cli) to completion.
	 * @param command the command and its arguments
	 */
	static void run(List<String> command) throws IOException, InterruptedException {
		Process process;
		try {
			process = new ProcessBuilder(command).redirectErrorStream(true).start();
		}
		catch (IOException ex) {
			TestServers.require(false, command.get(0) + " is not installed (" + ex.getMessage() + ")");
			return;
		}
		String output = new String(process.getInputStream().readAllBytes());
		if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IOException(String.join(" ", command) + " failed: " + output);
		}
	}

	/** Waits up to 20 seconds for a condition, else fails (CI) or skips. */
	static void await(String what, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				TestServers.require(false, "timed out waiting for " + what);
			}
			Thread.sleep(100);
		}
	}

	static void stopReplica() {
		stopServer(REPLICA_PORT);
	}

	/** Stops a server a test started, without saving, and removes its directory. */
	static void stopServer(int port) {
		try (Raw server = raw("redis://" + URI.getHost() + ":" + port)) {
			server.commands().shutdown(false);
		}
		catch (RuntimeException ex) {
			// SHUTDOWN closes the connection before answering.
		}
		try {
			await("redis-server on port " + port + " to stop", () -> !TestServers.isReachable(URI.getHost(), port));
			deleteRecursively(directory(port));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static Path directory(int port) {
		return Path.of(System.getProperty("java.io.tmpdir"), "cachette-redis-" + port);
	}

	private static void deleteRecursively(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

	/** A raw Lettuce connection. */
	record Raw(RedisClient client, StatefulRedisConnection<String, String> connection) implements AutoCloseable {

		RedisCommands<String, String> commands() {
			return this.connection.sync();
		}

		@Override
		public void close() {
			this.connection.close();
			this.client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
		}

	}

}
