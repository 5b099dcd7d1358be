package dev.cachette.cache.backend.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import dev.cachette.cache.InvalidCacheBackendException;

/**
 * One Redis server as written in {@code location}:
 * {@code redis://[user:password@]host[:port][/db]}, {@code rediss://...} for TLS, or
 * {@code unix://[user:password@]/path/to/redis.sock[?db=n]}, the URL forms redis-py's
 * {@code ConnectionPool.from_url} accepts for Django's {@code RedisCache}.
 *
 * <p>
 * The database comes from {@code ?db=n}, else the path, else the alias's {@code db}
 * option, as in redis-py where the URL wins over keyword options. The password never
 * leaves this record: {@link #server()} and {@link #toString()} mask it, so messages and
 * logs can show a location safely.
 *
 * @param scheme {@code redis}, {@code rediss} or {@code unix}
 * @param host the host name, or the socket path for {@code unix}
 * @param port the port, {@code 0} for {@code unix}
 * @param database the database number
 * @param username the user name, or {@code null}
 * @param password the password, or {@code null}
 */
record RedisLocation(String scheme, String host, int port, int database, @Nullable String username,
		@Nullable String password) {

	static final int DEFAULT_PORT = 6379;

	private static final String FORMS = "redis://[user:password@]host:port/db, rediss://... (TLS) or unix:///path";

	/**
	 * Parses a location.
	 * @param alias the alias, for error messages
	 * @param text the location
	 * @param defaultDatabase the database when the location names none
	 * @return the location
	 * @throws InvalidCacheBackendException naming the alias and the (masked) location
	 */
	static RedisLocation parse(String alias, String text, int defaultDatabase) {
		String trimmed = text.trim();
		URI uri;
		try {
			uri = new URI(trimmed.contains("://") ? trimmed : "redis://" + trimmed);
		}
		catch (URISyntaxException ex) {
			throw invalid(alias, text, "it is not a URL");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		Credentials credentials = Credentials.of(userInfo(uri));
		Integer queryDatabase = queryDatabase(alias, text, uri.getRawQuery());
		if (scheme.equals("unix")) {
			String path = uri.getPath();
			if (path == null || path.isEmpty() || path.equals("/")) {
				throw invalid(alias, text, "a unix location needs a socket path");
			}
			int database = (queryDatabase != null) ? queryDatabase : defaultDatabase;
			return new RedisLocation(scheme, path, 0, database, credentials.username(), credentials.password());
		}
		if (!scheme.equals("redis") && !scheme.equals("rediss")) {
			throw invalid(alias, text, "the scheme '" + scheme + "' is not redis, rediss or unix");
		}
		String host = uri.getHost();
		if (host == null || host.isEmpty()) {
			throw invalid(alias, text, "it has no host (or an invalid port)");
		}
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		int port = (uri.getPort() != -1) ? uri.getPort() : DEFAULT_PORT;
		Integer pathDatabase = pathDatabase(alias, text, uri.getPath());
		int database = (queryDatabase != null) ? queryDatabase
				: (pathDatabase != null) ? pathDatabase : defaultDatabase;
		return new RedisLocation(scheme, host, port, database, credentials.username(), credentials.password());
	}

	/** The user info; {@code unix://user:pw@/path} has no host, so Java sees none. */
	private static @Nullable String userInfo(URI uri) {
		if (uri.getRawUserInfo() != null) {
			return uri.getRawUserInfo();
		}
		String authority = uri.getRawAuthority();
		int at = (authority != null) ? authority.lastIndexOf('@') : -1;
		return (at >= 0) ? authority.substring(0, at) : null;
	}

	static String decode(String text) {
		return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	private static @Nullable Integer queryDatabase(String alias, String text, @Nullable String query) {
		if (query == null) {
			return null;
		}
		for (String parameter : query.split("&")) {
			if (parameter.startsWith("db=")) {
				return database(alias, text, parameter.substring(3));
			}
		}
		return null;
	}

	private static @Nullable Integer pathDatabase(String alias, String text, @Nullable String path) {
		if (path == null || path.isEmpty() || path.equals("/")) {
			return null;
		}
		return database(alias, text, path.substring(1));
	}

	private static int database(String alias, String text, String value) {
		try {
			int database = Integer.parseInt(value);
			if (database >= 0) {
				return database;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw invalid(alias, text, "the database '" + value + "' is not a number of zero or more");
	}

	private static InvalidCacheBackendException invalid(String alias, String text, String reason) {
		return new InvalidCacheBackendException("caches." + alias + ".location '" + mask(text)
				+ "' is not a valid Redis location: " + reason + "; expected " + FORMS);
	}

	/**
	 * Hides the password of a location as written, for messages about a location that
	 * could not be parsed.
	 * @param text a location
	 * @return the location with anything between {@code ://} and {@code @} masked
	 */
	static String mask(String text) {
		int start = text.indexOf("://");
		int at = text.lastIndexOf('@');
		if (start < 0 || at < start) {
			return text;
		}
		String userInfo = text.substring(start + 3, at);
		int colon = userInfo.indexOf(':');
		String masked = (colon < 0) ? "****" : userInfo.substring(0, colon) + ":****";
		return text.substring(0, start + 3) + masked + text.substring(at);
	}

	boolean isSocket() {
		return this.scheme.equals("unix");
	}

	boolean isSsl() {
		return this.scheme.equals("rediss");
	}

	/**
	 * The server, for messages: {@code host:port} or the socket path. No credentials.
	 * @return the server
	 */
	String server() {
		if (isSocket()) {
			return "unix:" + this.host;
		}
		return (this.host.indexOf(':') >= 0 ? "[" + this.host + "]" : this.host) + ":" + this.port;
	}

	/** The location with its password masked. */
	@Override
	public String toString() {
		String credentials = (this.password == null) ? ((this.username != null) ? this.username + "@" : "")
				: ((this.username != null) ? this.username : "") + ":****@";
		if (isSocket()) {
			return "unix://" + credentials + this.host + "?db=" + this.database;
		}
		return this.scheme + "://" + credentials + server() + "/" + this.database;
	}

	/** User name and password from a URL's user info, percent-decoded. */
	private record Credentials(@Nullable String username, @Nullable String password) {

		static Credentials of(@Nullable String userInfo) {
			if (userInfo == null || userInfo.isEmpty()) {
				return new Credentials(null, null);
			}
			int colon = userInfo.indexOf(':');
			if (colon < 0) {
				// redis-py reads redis://secret@host as a password without a user name.
				return new Credentials(null, decode(userInfo));
			}
			String user = decode(userInfo.substring(0, colon));
			return new Credentials(user.isEmpty() ? null : user, decode(userInfo.substring(colon + 1)));
		}

	}

}
