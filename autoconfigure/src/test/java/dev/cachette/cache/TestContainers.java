package dev.cachette.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * The test servers in Docker, for machines that have Docker but not the servers (GitHub's
 * runners, a laptop): when a test's server is not running at its local default address
 * and no environment variable names another, the same server is started once per test JVM
 * by Testcontainers and the test is pointed at it. Where the servers run locally (this
 * project's own CI machine, which has no Docker engine) nothing is started and Docker is
 * never asked. Each local default port has its container: Redis 6379, PostgreSQL 5432,
 * MariaDB 3306, memcached 11211 and 11212, memcached with text-protocol authentication
 * 11213 and with SASL 11214, and memcached's Unix socket through a bind mount.
 */
public final class TestContainers {

	private static final Pattern LOCAL_ADDRESS = Pattern.compile("127\\.0\\.0\\.1:(\\d+)");

	private static final String MEMCACHED = "memcached:1.6";

	/** The credentials the memcached authentication tests use, as in {@code .ci/run}. */
	private static final String MEMCACHED_CREDENTIALS = "cachette:s3cret\n";

	private static final Map<Integer, Supplier<GenericContainer<?>>> BY_LOCAL_PORT = Map.of(6379,
			() -> container("redis:7-alpine", 6379), 5432, TestContainers::postgres, 3306, TestContainers::mariadb,
			11211, () -> container(MEMCACHED, 11211), 11212, () -> container(MEMCACHED, 11211), 11213,
			TestContainers::memcachedWithAuthFile, 11214, TestContainers::memcachedWithSasl);

	private static final Map<Object, GenericContainer<?>> started = new ConcurrentHashMap<>();

	private static volatile @Nullable Boolean dockerAvailable;

	private TestContainers() {
	}

	/**
	 * Returns an address as given when its server answers, or the address of the same
	 * server started in Docker.
	 * @param address an address or URL holding {@code 127.0.0.1:<port>}
	 * @return the address to use; the given one when nothing could be started, so the
	 * test reports the missing server
	 */
	public static String orContainer(String address) {
		Matcher matcher = LOCAL_ADDRESS.matcher(address);
		if (!matcher.find()) {
			return address;
		}
		int port = Integer.parseInt(matcher.group(1));
		Supplier<GenericContainer<?>> factory = BY_LOCAL_PORT.get(port);
		if (factory == null || TestServers.isReachable("127.0.0.1", port) || !isDockerAvailable()) {
			return address;
		}
		GenericContainer<?> container = started.computeIfAbsent(port, (key) -> start(factory.get()));
		String replacement = container.getHost() + ":" + container.getFirstMappedPort();
		return address.substring(0, matcher.start()) + replacement + address.substring(matcher.end());
	}

	/**
	 * Returns a memcached Unix socket: the given one when a server listens on it, or one
	 * a memcached in Docker creates in a directory shared with this machine.
	 * @param path the local socket path
	 * @param listening whether a server listens on it
	 * @return the socket path to use
	 */
	public static String orContainerSocket(String path, boolean listening) {
		if (listening || !isDockerAvailable()) {
			return path;
		}
		GenericContainer<?> container = started.computeIfAbsent("socket", (key) -> start(memcachedOnSocket()));
		return container.getBinds().get(0).getPath() + "/memcached.sock";
	}

	private static boolean isDockerAvailable() {
		Boolean available = dockerAvailable;
		if (available == null) {
			available = DockerClientFactory.instance().isDockerAvailable();
			dockerAvailable = available;
		}
		return available;
	}

	private static GenericContainer<?> start(GenericContainer<?> container) {
		container.start();
		return container;
	}

	private static GenericContainer<?> container(String image, int port) {
		return new GenericContainer<>(DockerImageName.parse(image)).withExposedPorts(port);
	}

	private static GenericContainer<?> postgres() {
		return container("postgres:16-alpine", 5432).withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
			.withEnv("POSTGRES_DB", "test")
			// The entrypoint starts the server twice: once to initialise, then for good.
			.waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\s", 2));
	}

	private static GenericContainer<?> mariadb() {
		return container("mariadb:11", 3306).withEnv("MARIADB_ALLOW_EMPTY_ROOT_PASSWORD", "1")
			.withEnv("MARIADB_DATABASE", "test")
			// The entrypoint's temporary server listens on no port; the final one on
			// 3306.
			.waitingFor(Wait.forLogMessage(".*port: 3306.*\\s", 1));
	}

	private static GenericContainer<?> memcachedWithAuthFile() {
		return container(MEMCACHED, 11211)
			.withCopyToContainer(Transferable.of(MEMCACHED_CREDENTIALS, 0644), "/tmp/cachette-auth")
			.withCommand("memcached", "-m", "16", "-Y", "/tmp/cachette-auth");
	}

	/**
	 * The official image has SASL with a plain password file
	 * ({@code --enable-sasl-pwdb}).
	 */
	private static GenericContainer<?> memcachedWithSasl() {
		return container(MEMCACHED, 11211)
			.withCopyToContainer(Transferable.of(MEMCACHED_CREDENTIALS, 0644), "/tmp/cachette-sasl/passwords")
			.withCopyToContainer(Transferable.of("mech_list: plain\n", 0644), "/tmp/cachette-sasl/memcached.conf")
			.withEnv("MEMCACHED_SASL_PWDB", "/tmp/cachette-sasl/passwords")
			.withEnv("SASL_CONF_PATH", "/tmp/cachette-sasl")
			.withCommand("memcached", "-m", "16", "-S");
	}

	private static GenericContainer<?> memcachedOnSocket() {
		try {
			Path directory = Files.createTempDirectory("cachette-memcached-socket");
			// The container's memcached user creates the socket in this directory.
			Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
			return new GenericContainer<>(DockerImageName.parse(MEMCACHED))
				.withFileSystemBind(directory.toString(), "/sock", BindMode.READ_WRITE)
				.withCommand("memcached", "-m", "16", "-s", "/sock/memcached.sock", "-a", "0777")
				.waitingFor(Wait.forSuccessfulCommand("test -S /sock/memcached.sock"));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not create a directory for memcached's socket", ex);
		}
	}

}
