package dev.cachette.cache;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import dev.cachette.cache.settings.CacheSettings;

/**
 * Where the tests' real servers are, and what happens when one is missing: with
 * {@code CI=true} the test fails (CI starts every server, so a missing one is a broken
 * build); on a developer machine it is skipped with a message saying which server and
 * which environment variable.
 */
public final class TestServers {

	private TestServers() {
	}

	/**
	 * Returns an environment variable, or a default.
	 * @param name the variable, such as {@code CACHETTE_REDIS_URL}
	 * @param defaultValue the value when unset or blank
	 * @return the value
	 */
	public static String env(String name, String defaultValue) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value.trim() : defaultValue;
	}

	/**
	 * Returns a server's address: the environment variable when set, else the default
	 * address when its server answers, else the same server started in Docker when Docker
	 * is available ({@link TestContainers}), else the default (and the test reports the
	 * missing server).
	 * @param environmentVariable the variable that overrides it, such as
	 * {@code CACHETTE_POSTGRES_URL}
	 * @param defaultAddress the address on a developer machine and in {@code .ci/run}
	 * @return the address
	 */
	public static String address(String environmentVariable, String defaultAddress) {
		String configured = System.getenv(environmentVariable);
		if (configured != null && !configured.isBlank()) {
			return configured.trim();
		}
		return TestContainers.orContainer(defaultAddress);
	}

	/**
	 * Tells whether CI is running the tests ({@code CI=true}).
	 * @return whether missing servers must fail the build
	 */
	public static boolean isCi() {
		return "true".equalsIgnoreCase(System.getenv("CI"));
	}

	/**
	 * Stops the test when a server could not be reached: fails under CI, skips elsewhere.
	 * @param server what the server is, such as {@code PostgreSQL}
	 * @param address where it was looked for
	 * @param environmentVariable the variable that overrides the address
	 * @param failure why it could not be reached, or {@code null} when it could
	 */
	public static void assumeReachable(String server, String address, String environmentVariable,
			@Nullable Throwable failure) {
		if (failure != null) {
			require(false, server + " is not reachable at " + address + " (set " + environmentVariable
					+ " to its address): " + failure);
		}
	}

	/**
	 * Tells whether something accepts TCP connections on a host and port.
	 * @param host the host
	 * @param port the port
	 * @return whether a connection succeeded within one second
	 */
	public static boolean isReachable(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Requires a server: fails under CI, skips elsewhere, when it cannot be reached.
	 * @param description what the server is and how to start it, for the message
	 * @param host the host
	 * @param port the port
	 */
	public static void require(String description, String host, int port) {
		require(isReachable(host, port), description + " is not reachable at " + host + ":" + port);
	}

	/**
	 * Requires the server of a URL such as {@code redis://127.0.0.1:6379/9} or
	 * {@code jdbc:postgresql://127.0.0.1:5432/test}.
	 * @param description what the server is, for the message
	 * @param url the URL
	 * @param defaultPort the port when the URL names none
	 */
	public static void requireUrl(String description, String url, int defaultPort) {
		URI uri = URI.create(url.startsWith("jdbc:") ? url.substring(5) : url);
		String host = (uri.getHost() != null) ? uri.getHost() : "127.0.0.1";
		require(description, host, (uri.getPort() != -1) ? uri.getPort() : defaultPort);
	}

	/**
	 * Requires a condition about the test environment: fails under CI, skips elsewhere.
	 * @param available whether the requirement holds
	 * @param message what is missing
	 */
	public static void require(boolean available, String message) {
		if (available) {
			return;
		}
		if (isCi()) {
			Assertions.fail(message + " (CI=true: the CI script must provide it)");
		}
		Assumptions.abort(message + " (skipped; set CI=true to make this a failure)");
	}

	/**
	 * Gives a network backend's behaviour tests a request-path deadline of 2 s unless
	 * they set one: they check what the cache does, on a test machine shared by parallel
	 * builds, where the 50 ms default would turn a scheduling hiccup into a failure. The
	 * {@code *FreezeTests} hold the default deadline.
	 * @param settings the settings
	 * @return settings with an {@code operation-timeout}
	 */
	public static CacheSettings.Builder withBehaviourDeadline(CacheSettings.Builder settings) {
		CacheSettings given = settings.build();
		return (given.option("operation-timeout") != null) ? settings
				: given.toBuilder().option("operation-timeout", "2s");
	}

}
