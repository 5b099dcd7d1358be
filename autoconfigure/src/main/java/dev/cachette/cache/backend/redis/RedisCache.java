package dev.cachette.cache.backend.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisServerCommands.FlushOption;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.types.Expiration;

import dev.cachette.cache.CacheException;
import dev.cachette.cache.CacheKeyNotFoundException;
import dev.cachette.cache.CacheValueNotIntegerException;
import dev.cachette.cache.backend.BaseCache;
import dev.cachette.cache.backend.redis.RedisServers.Server;
import dev.cachette.cache.settings.CacheSettings;

/**
 * Redis through Spring Data Redis and Lettuce. Follows Django's {@code RedisCache}
 * ({@code django.core.cache.backends.redis}).
 *
 * <p>
 * {@code location} is {@code redis://[user:password@]host:port/db}, {@code rediss://...}
 * (TLS) or {@code unix:///path/to/redis.sock}; several locations are a leader and its
 * replicas: writes go to the first, reads to a random replica, as in Django. With
 * {@code options.cluster: true} the locations are Redis Cluster seed nodes; with
 * {@code options.sentinel-master: name} they are Sentinels. Without a location the
 * application's own {@link RedisConnectionFactory} ({@code spring.data.redis.*}) is used.
 * Every call has a deadline ({@code connect-timeout}, and {@code operation-timeout} on
 * the request path or {@code background-timeout} in background work, see
 * {@link dev.cachette.cache.resilience.CallTimeouts}); a server that cannot be reached
 * raises {@link dev.cachette.cache.CacheUnavailableException} naming the alias and
 * {@code host:port}, never a password.
 *
 * <p>
 * Each operation is one command, so one round trip: {@code get} is {@code GET},
 * {@code add} is {@code SET NX PX}, {@code touch} is {@code PEXPIRE} ({@code PERSIST} for
 * {@link #FOREVER}), {@code getMany} is one {@code MGET}, {@code deleteMany} one
 * {@code DEL}, {@code setMany} one {@code MSET} without expiry or one Lua script of
 * {@code SET ... PX} with it. Integers are stored as plain decimal numbers (Django's
 * {@code RedisSerializer} does the same), so {@code incr} is an atomic {@code INCRBY},
 * run in a script that first checks the key exists, since Django's {@code incr} must fail
 * on a missing key where {@code INCRBY} would create it. Timeouts are whole seconds, as
 * Django's {@code get_backend_timeout} makes them ({@code int(timeout)}: 0.5 s deletes
 * the key at once); only {@code timeout-jitter} adds milliseconds. On a Redis Cluster the
 * multi-key operations are split by hash slot (Spring Data does this for {@code MGET} and
 * {@code DEL}; {@code setMany} with a timeout becomes one {@code SET} per key).
 *
 * <p>
 * {@link #clear()} differs from Django on purpose. Django's {@code clear} runs
 * {@code FLUSHDB}, emptying the whole database whatever the key prefix. Here an alias
 * with a {@code key-prefix} removes only the keys starting with {@code <key-prefix>:}
 * (the layout of the default key function), by incremental {@code SCAN} and
 * {@code UNLINK} in batches, never {@code KEYS}, so other aliases and applications that
 * share the database keep their keys; it takes time proportional to the database size.
 * Without a key prefix, it runs {@code FLUSHDB ASYNC} like Django (the keys disappear at
 * once, memory is freed in the background).
 *
 * <p>
 * The asynchronous face ({@link #async()}) runs the synchronous operations on the
 * settings' executor, as for every network backend. Lettuce's own asynchronous API would
 * save a thread per call in flight, but it would bypass Spring Data's connection factory
 * (and so the application's own, possibly Jedis, factory) and repeat for each operation
 * the shared semantics {@link BaseCache} writes once; since every call is bounded by
 * {@code operation-timeout}, a blocked executor thread is bounded too.
 */
public class RedisCache extends BaseCache {

	/** The options this backend accepts besides the common ones. */
	public static final Set<String> OPTIONS = Set.of("db", "username", "password", "connect-timeout",
			"operation-timeout", "background-timeout", "cluster", "sentinel-master", "read-from", "client-name",
			"ssl-ca-certs");

	private static final int CLEAR_BATCH = 500;

	private final RedisServers servers;

	/**
	 * Creates the cache for an alias that names its {@code location}.
	 * @param settings the alias settings
	 * @throws dev.cachette.cache.InvalidCacheBackendException if a location or an option
	 * is invalid, or no location is set
	 */
	public RedisCache(CacheSettings settings) {
		this(settings, null);
	}

	/**
	 * Creates the cache for an alias, using the application's connection factory when the
	 * alias names no {@code location}. The factory is never closed by this cache.
	 * @param settings the alias settings
	 * @param applicationFactory the application's factory, or {@code null}
	 * @throws dev.cachette.cache.InvalidCacheBackendException if a location or an option
	 * is invalid, or there is neither a location nor a factory
	 */
	public RedisCache(CacheSettings settings, @Nullable RedisConnectionFactory applicationFactory) {
		super(settings);
		this.servers = RedisServers.connect(settings, applicationFactory);
	}

	/**
	 * The servers, for tests in this package.
	 * @return the servers
	 */
	RedisServers servers() {
		return this.servers;
	}

	/**
	 * Django's {@code RedisCache.get_backend_timeout}: {@code max(0, int(timeout))}, so a
	 * timeout is truncated to whole seconds and one under a second is not kept.
	 */
	@Override
	public Duration getBackendTimeout(Duration timeout) {
		if (isForever(timeout)) {
			return FOREVER;
		}
		return (timeout.getSeconds() > 0) ? Duration.ofSeconds(timeout.getSeconds()) : Duration.ZERO;
	}

	@Override
	protected @Nullable Object getValue(String key) {
		byte[] value = read("get", (connection) -> connection.stringCommands().get(bytes(key)));
		return (value != null) ? decode(value) : MISSING;
	}

	@Override
	protected boolean hasValue(String key) {
		return Boolean.TRUE.equals(read("check", (connection) -> connection.keyCommands().exists(bytes(key))));
	}

	@Override
	protected Map<String, @Nullable Object> getValues(List<String> keys) {
		if (keys.isEmpty()) {
			return Map.of();
		}
		return decodeAll(keys, read("get many", (connection) -> connection.stringCommands().mGet(bytes(keys))));
	}

	@Override
	protected void setValue(String key, @Nullable Object value, Duration timeout) {
		byte[] encoded = encode(value);
		write("set", encoded.length, (connection) -> connection.stringCommands()
			.set(bytes(key), encoded, expiration(timeout), SetOption.upsert()));
	}

	@Override
	protected boolean addValue(String key, @Nullable Object value, Duration timeout) {
		byte[] encoded = encode(value);
		return Boolean.TRUE.equals(write("add", encoded.length, (connection) -> connection.stringCommands()
			.set(bytes(key), encoded, expiration(timeout), SetOption.ifAbsent())));
	}

	/**
	 * {@code PEXPIRE}, or {@code PERSIST} for {@link #FOREVER}, whose answer is Django's
	 * result: {@code PERSIST} answers 0, so {@code touch} returns {@code false}, for a
	 * missing key and for one that already never expires.
	 */
	@Override
	protected boolean touchValue(String key, Duration timeout) {
		if (isForever(timeout)) {
			return Boolean.TRUE.equals(write("touch", (connection) -> connection.keyCommands().persist(bytes(key))));
		}
		return Boolean.TRUE
			.equals(write("touch", (connection) -> connection.keyCommands().pExpire(bytes(key), millis(timeout))));
	}

	@Override
	protected boolean deleteValue(String key) {
		Long removed = write("delete", (connection) -> connection.keyCommands().del(bytes(key)));
		return removed != null && removed > 0;
	}

	/**
	 * {@code SET key token NX PX ms}, the inherited {@link #addValue}; released by a Lua
	 * compare-and-delete.
	 */
	@Override
	protected void releaseLease(String leaseKey, String token) {
		byte[] encoded = encode(token);
		write("release lease",
				(connection) -> RedisScript.DELETE_IF_EQUAL.run(connection, 1, bytes(leaseKey), encoded));
	}

	/**
	 * {@code Key ':1:missing' not found.}: Django's {@code RedisCacheClient.incr}, period
	 * included.
	 */
	@Override
	protected CacheKeyNotFoundException keyNotFound(String key, String storedKey) {
		return new CacheKeyNotFoundException("Key '" + storedKey + "' not found.");
	}

	@Override
	protected @Nullable Long incrValue(String key, long delta) {
		byte[] amount = Long.toString(delta).getBytes(StandardCharsets.US_ASCII);
		try {
			return write("increment",
					(connection) -> RedisScript.INCR_IF_EXISTS.run(connection, 1, bytes(key), amount));
		}
		catch (CacheException ex) {
			// INCRBY's answer for a value that is not a decimal integer; an overflow
			// ("increment or decrement would overflow") stays a CacheException.
			if (ex.getCause() != null && String.valueOf(ex.getCause().getMessage()).contains("not an integer")) {
				throw new CacheValueNotIntegerException(alias(), key, ex.getCause());
			}
			throw ex;
		}
	}

	@Override
	protected List<String> setValues(Map<String, @Nullable Object> values, Duration timeout) {
		if (values.isEmpty()) {
			return List.of();
		}
		Map<byte[], byte[]> encoded = new LinkedHashMap<>();
		values.forEach((key, value) -> encoded.put(bytes(key), encode(value)));
		long payload = encoded.values().stream().mapToLong((value) -> value.length).sum();
		write("set many", payload, (connection) -> {
			if (isForever(timeout)) {
				return connection.stringCommands().mSet(encoded);
			}
			byte[] ttl = Long.toString(millis(timeout)).getBytes(StandardCharsets.US_ASCII);
			if (connection instanceof RedisClusterConnection) {
				// A script's keys must share a hash slot on a cluster.
				encoded.forEach((key, value) -> connection.stringCommands()
					.set(key, value, Expiration.milliseconds(millis(timeout)), SetOption.upsert()));
				return null;
			}
			List<byte[]> keysAndArgs = new ArrayList<>(encoded.size() * 2 + 1);
			keysAndArgs.addAll(encoded.keySet());
			keysAndArgs.addAll(encoded.values());
			keysAndArgs.add(ttl);
			return RedisScript.SET_MANY_PX.run(connection, encoded.size(), keysAndArgs.toArray(new byte[0][]));
		});
		return List.of();
	}

	@Override
	protected void deleteValues(Collection<String> keys) {
		if (!keys.isEmpty()) {
			write("delete many", (connection) -> connection.keyCommands().del(bytes(keys)));
		}
	}

	@Override
	protected void clearValues() {
		String prefix = settings().keyPrefix();
		write("clear", (connection) -> {
			if (prefix.isEmpty()) {
				connection.serverCommands().flushDb(FlushOption.ASYNC);
			}
			else {
				removeMatching(connection, globEscape(prefix) + ":*");
			}
			return null;
		});
	}

	/**
	 * {@code DBSIZE} when the alias has no key prefix and so owns its database: one O(1)
	 * command. With a prefix only a scan of the database could count its keys, so the
	 * size is not known.
	 */
	@Override
	protected @Nullable Long storeSize() {
		if (!settings().keyPrefix().isEmpty()) {
			return null;
		}
		return read("count keys", (connection) -> connection.serverCommands().dbSize());
	}

	/**
	 * The server's {@code evicted_keys} ({@code INFO stats}): keys Redis dropped under
	 * {@code maxmemory}, for every alias and application on the server (summed over the
	 * nodes of a cluster).
	 */
	@Override
	protected @Nullable Long storeEvictions() {
		return read("read evictions", (connection) -> {
			Properties stats = connection.serverCommands().info("stats");
			if (stats == null) {
				return null;
			}
			long evicted = 0;
			for (String name : stats.stringPropertyNames()) {
				if (name.equals("evicted_keys") || name.endsWith(".evicted_keys")) {
					evicted += Long.parseLong(stats.getProperty(name).trim());
				}
			}
			return evicted;
		});
	}

	private static void removeMatching(RedisConnection connection, String pattern) {
		ScanOptions options = ScanOptions.scanOptions().match(pattern).count(CLEAR_BATCH).build();
		if (connection instanceof RedisClusterConnection cluster) {
			for (RedisClusterNode node : cluster.clusterGetNodes()) {
				if (node.isMaster()) {
					unlinkAll(connection, cluster.scan(node, options));
				}
			}
		}
		else {
			unlinkAll(connection, connection.keyCommands().scan(options));
		}
	}

	private static void unlinkAll(RedisConnection connection, Cursor<byte[]> cursor) {
		try (cursor) {
			List<byte[]> batch = new ArrayList<>(CLEAR_BATCH);
			while (cursor.hasNext()) {
				batch.add(cursor.next());
				if (batch.size() == CLEAR_BATCH) {
					connection.keyCommands().unlink(batch.toArray(new byte[0][]));
					batch.clear();
				}
			}
			if (!batch.isEmpty()) {
				connection.keyCommands().unlink(batch.toArray(new byte[0][]));
			}
		}
	}

	/** Escapes the characters {@code SCAN MATCH} treats as a glob. */
	static String globEscape(String text) {
		StringBuilder escaped = new StringBuilder(text.length() + 4);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
				escaped.append('\\');
			}
			escaped.append(c);
		}
		return escaped.toString();
	}

	@Override
	protected void closeStore() {
		this.servers.close();
	}

	/**
	 * A {@code PING} to the leader: the replicas have breakers and probes of their own.
	 */
	@Override
	public void ping() {
		write("ping", RedisConnection::ping);
	}

	@Override
	public List<dev.cachette.cache.resilience.CircuitBreaker> serverCircuitBreakers() {
		return this.servers.replicaCircuits();
	}

	@Override
	public String toString() {
		return "RedisCache[alias=" + alias() + ", servers=" + this.servers + "]";
	}

	// One connection per call: with Lettuce's shared native connection, getConnection()
	// wraps the one multiplexed connection and close() releases only the wrapper.

	private <T> @Nullable T read(String operation, Function<RedisConnection, @Nullable T> command) {
		return this.servers.read((server) -> call(server, operation, 0, command));
	}

	private <T> @Nullable T write(String operation, Function<RedisConnection, @Nullable T> command) {
		return write(operation, 0, command);
	}

	private <T> @Nullable T write(String operation, long payloadBytes, Function<RedisConnection, @Nullable T> command) {
		return call(this.servers.forWrite(), operation, payloadBytes, command);
	}

	private <T> @Nullable T call(Server server, String operation, long payloadBytes,
			Function<RedisConnection, @Nullable T> command) {
		try (RedisConnection connection = server.factory().getConnection()) {
			return this.servers.withDeadline(payloadBytes, () -> command.apply(connection));
		}
		catch (CacheException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			Throwable cause = clientException(ex);
			if (isUnavailable(ex)) {
				throw unavailable(server.name(), operation, cause);
			}
			throw new CacheException("Cache '" + alias() + "' could not " + operation + " on " + server.name() + ": "
					+ cause.getMessage(), cause);
		}
	}

	/**
	 * Tells a server that cannot serve (unreachable, timed out, disconnected, loading,
	 * busy) from one that answered with an error (a value that is not an integer, a
	 * read-only replica, a full memory): only the first is "unavailable", which a
	 * fail-open read answers as a miss.
	 */
	static boolean isUnavailable(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RedisLoadingException || cause instanceof RedisBusyException) {
				return true;
			}
			if (cause instanceof RedisCommandExecutionException) {
				return false;
			}
			if (cause instanceof RedisException || cause instanceof DataAccessResourceFailureException
					|| cause instanceof TransientDataAccessException || cause instanceof java.io.IOException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The client's own exception under Spring's translation ("Redis exception", "Error in
	 * execution"), whose message says what happened ("Currently not connected", "ERR
	 * value is not an integer").
	 */
	private static Throwable clientException(RuntimeException ex) {
		Throwable cause = ex;
		while (cause instanceof DataAccessException && cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	private static Expiration expiration(Duration timeout) {
		return isForever(timeout) ? Expiration.persistent() : Expiration.milliseconds(millis(timeout));
	}

	/**
	 * Milliseconds, rounded up so that a positive timeout never becomes 0 ("invalid").
	 */
	private static long millis(Duration timeout) {
		long millis = timeout.toMillis();
		return (timeout.compareTo(Duration.ofMillis(millis)) > 0) ? millis + 1 : Math.max(millis, 1);
	}

	private static byte[] bytes(String key) {
		return key.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[][] bytes(Collection<String> keys) {
		byte[][] result = new byte[keys.size()][];
		int i = 0;
		for (String key : keys) {
			result[i++] = bytes(key);
		}
		return result;
	}

}
