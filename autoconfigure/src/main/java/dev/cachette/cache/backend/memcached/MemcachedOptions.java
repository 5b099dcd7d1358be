package dev.cachette.cache.backend.memcached;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.cachette.cache.resilience.CallTimeouts;
import dev.cachette.cache.settings.CacheSettings;

/**
 * The memcached options of one alias ({@code caches.<alias>.options}), validated at
 * startup with errors naming the alias, the option and the value.
 *
 * @param binary whether to speak the binary protocol (needed for SASL)
 * @param username the user name to authenticate with, or {@code null}
 * @param password the password to authenticate with, or {@code null}
 * @param connections connections per server
 * @param timeouts how long startup waits for the first connections
 * ({@code connect-timeout}) and a call for the server before failing
 * ({@code operation-timeout} on the request path, {@code background-timeout} in
 * background work)
 * @param noReply whether writes whose answer is not needed return without waiting for it
 * @param maxValueSize the largest value a {@code set} sends, in bytes
 */
record MemcachedOptions(boolean binary, @Nullable String username, @Nullable String password, int connections,
		CallTimeouts timeouts, boolean noReply, int maxValueSize) {

	/** The option names the backend accepts, in their documented spelling. */
	static final Set<String> NAMES = Set.of("binary", "username", "password", "connections", "connect-timeout",
			"operation-timeout", "background-timeout", "no-reply", "max-value-size");

	/** Memcached's default item size limit ({@code -I 1m}). */
	static final int DEFAULT_MAX_VALUE_SIZE = 1024 * 1024;

	/**
	 * Reads and validates the options of an alias.
	 * @param settings the alias settings
	 * @return the options
	 * @throws dev.cachette.cache.InvalidCacheBackendException for a bad value
	 */
	static MemcachedOptions of(CacheSettings settings) {
		boolean binary = settings.booleanOption("binary", false);
		String username = emptyToNull(settings.stringOption("username", ""));
		String password = emptyToNull(settings.stringOption("password", ""));
		if ((username == null) != (password == null)) {
			throw settings.invalidOption((username == null) ? "username" : "password", "",
					"set together with " + ((username == null) ? "password" : "username"));
		}
		int connections = settings.intOption("connections", 1);
		if (connections < 1) {
			throw settings.invalidOption("connections", connections, "at least 1");
		}
		CallTimeouts timeouts = CallTimeouts.of(settings);
		boolean noReply = settings.booleanOption("no-reply", false);
		int maxValueSize = settings.intOption("max-value-size", DEFAULT_MAX_VALUE_SIZE);
		if (maxValueSize < 1) {
			throw settings.invalidOption("max-value-size", maxValueSize, "a positive number of bytes");
		}
		return new MemcachedOptions(binary, username, password, connections, timeouts, noReply, maxValueSize);
	}

	private static @Nullable String emptyToNull(String value) {
		return value.isEmpty() ? null : value;
	}

	@Override
	public String toString() {
		// Never print the password.
		return "MemcachedOptions[binary=" + this.binary + ", username=" + this.username + ", connections="
				+ this.connections + ", " + this.timeouts + ", noReply=" + this.noReply + ", maxValueSize="
				+ this.maxValueSize + "]";
	}

}
