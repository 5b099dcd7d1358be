package dev.cachette.cache.backend.memcached;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import dev.cachette.cache.settings.CacheSettings;

/**
 * The servers an alias's {@code location} names. Follows Django's
 * {@code BaseMemcachedCache.__init__}, which splits a string location on {@code ;} and
 * {@code ,}, and {@code PyLibMCCache.client_servers}, which accepts {@code unix:} paths.
 *
 * <p>
 * Each entry is {@code host:port}, {@code host} (port 11211), {@code [v6-address]:port},
 * {@code unix:/path} or {@code /path}. No location means {@code 127.0.0.1:11211}.
 */
final class MemcachedServers {

	static final int DEFAULT_PORT = 11211;

	private MemcachedServers() {
	}

	/**
	 * Parses the locations of an alias.
	 * @param settings the alias settings
	 * @return the servers, in the configured order (consistent hashing depends on it)
	 * @throws dev.cachette.cache.InvalidCacheBackendException naming the alias and the
	 * bad entry
	 */
	static List<Server> parse(CacheSettings settings) {
		List<Server> servers = new ArrayList<>();
		for (String location : settings.locations()) {
			for (String entry : location.split("[;,]")) {
				if (!entry.isBlank()) {
					servers.add(parseEntry(settings, entry.trim()));
				}
			}
		}
		if (servers.isEmpty()) {
			servers.add(new Server("127.0.0.1", DEFAULT_PORT, null));
		}
		if (servers.stream().map(Server::toString).distinct().count() != servers.size()) {
			throw invalid(settings, servers.toString(), "a list of distinct servers");
		}
		return List.copyOf(servers);
	}

	private static Server parseEntry(CacheSettings settings, String entry) {
		String lower = entry.toLowerCase(Locale.ROOT);
		if (lower.startsWith("unix:") || entry.startsWith("/")) {
			String path = entry.startsWith("/") ? entry : entry.substring("unix:".length());
			// unix:///path is a URL spelling of unix:/path.
			path = path.startsWith("//") ? path.substring(2) : path;
			if (!path.startsWith("/") || path.length() < 2) {
				throw invalid(settings, entry, "unix:/absolute/path");
			}
			return new Server(null, 0, path);
		}
		String host = entry;
		int port = DEFAULT_PORT;
		if (entry.startsWith("[")) {
			int close = entry.indexOf(']');
			if (close < 0) {
				throw invalid(settings, entry, "host:port, [ipv6]:port or unix:/path");
			}
			host = entry.substring(1, close);
			String rest = entry.substring(close + 1);
			if (!rest.isEmpty()) {
				if (!rest.startsWith(":")) {
					throw invalid(settings, entry, "host:port, [ipv6]:port or unix:/path");
				}
				port = parsePort(settings, entry, rest.substring(1));
			}
		}
		else {
			int colon = entry.lastIndexOf(':');
			if (colon >= 0) {
				if (entry.indexOf(':') != colon) {
					throw invalid(settings, entry, "host:port, with IPv6 addresses in brackets ([::1]:11211)");
				}
				host = entry.substring(0, colon);
				port = parsePort(settings, entry, entry.substring(colon + 1));
			}
		}
		if (host.isEmpty()) {
			throw invalid(settings, entry, "host:port, [ipv6]:port or unix:/path");
		}
		return new Server(host, port, null);
	}

	private static int parsePort(CacheSettings settings, String entry, String text) {
		try {
			int port = Integer.parseInt(text);
			if (port >= 1 && port <= 65535) {
				return port;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw invalid(settings, entry, "host:port with a port from 1 to 65535");
	}

	private static dev.cachette.cache.InvalidCacheBackendException invalid(CacheSettings settings, String entry,
			String expected) {
		return new dev.cachette.cache.InvalidCacheBackendException(
				"caches." + settings.alias() + ".location must be " + expected + " (was '" + entry + "')");
	}

	/**
	 * One memcached server: a TCP host and port, or a Unix socket path.
	 *
	 * @param host the host, {@code null} for a socket
	 * @param port the port, 0 for a socket
	 * @param path the socket path, {@code null} for TCP
	 */
	record Server(@Nullable String host, int port, @Nullable String path) {

		boolean isUnixSocket() {
			return this.path != null;
		}

		@Override
		public String toString() {
			if (this.path != null) {
				return "unix:" + this.path;
			}
			String h = (this.host != null && this.host.contains(":")) ? "[" + this.host + "]" : this.host;
			return h + ":" + this.port;
		}

	}

}
