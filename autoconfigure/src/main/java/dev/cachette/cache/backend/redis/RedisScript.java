package dev.cachette.cache.backend.redis;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.ReturnType;

/**
 * A Lua script run as one server command, for operations Redis has no single command for.
 * Sent as {@code EVALSHA}; when the server does not know the script yet (after a restart
 * or {@code SCRIPT FLUSH}) it answers {@code NOSCRIPT} and the script is sent whole with
 * {@code EVAL}, which also caches it (see the Redis documentation of {@code EVALSHA}).
 */
final class RedisScript {

	/**
	 * Django's {@code incr} raises on a missing key; {@code INCRBY} alone would create
	 * it, and {@code EXISTS} then {@code INCRBY} would race with a delete. {@code INCRBY}
	 * keeps the key's expiry.
	 */
	static final RedisScript INCR_IF_EXISTS = new RedisScript("""
			if redis.call('EXISTS', KEYS[1]) == 1 then
			  return redis.call('INCRBY', KEYS[1], ARGV[1])
			end
			return false""");

	/**
	 * {@code setMany} with a timeout in one round trip: {@code SET key value PX ms} for
	 * each key. ARGV holds the values, then the timeout in milliseconds.
	 */
	static final RedisScript SET_MANY_PX = new RedisScript("""
			local ttl = ARGV[#ARGV]
			for i = 1, #KEYS do
			  redis.call('SET', KEYS[i], ARGV[i], 'PX', ttl)
			end
			return #KEYS""");

	/**
	 * Releases a distributed lease only if it still holds the caller's token: a lease
	 * that expired and was taken by another instance is left alone.
	 */
	static final RedisScript DELETE_IF_EQUAL = new RedisScript("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then
			  return redis.call('DEL', KEYS[1])
			end
			return 0""");

	private final byte[] body;

	private final String sha1;

	private RedisScript(String body) {
		this.body = body.getBytes(StandardCharsets.UTF_8);
		this.sha1 = sha1Hex(this.body);
	}

	/**
	 * Runs the script.
	 * @param connection the connection
	 * @param numKeys how many of the arguments are keys
	 * @param keysAndArgs the keys, then the other arguments
	 * @return the integer reply, or {@code null} for a nil reply
	 */
	@Nullable Long run(RedisConnection connection, int numKeys, byte[]... keysAndArgs) {
		try {
			return connection.scriptingCommands().evalSha(this.sha1, ReturnType.INTEGER, numKeys, keysAndArgs);
		}
		catch (DataAccessException ex) {
			if (!isNoScript(ex)) {
				throw ex;
			}
			return connection.scriptingCommands().eval(this.body, ReturnType.INTEGER, numKeys, keysAndArgs);
		}
	}

	private static boolean isNoScript(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause.getMessage() != null && cause.getMessage().contains("NOSCRIPT")) {
				return true;
			}
		}
		return false;
	}

	private static String sha1Hex(byte[] bytes) {
		try {
			byte[] digest = java.security.MessageDigest.getInstance("SHA-1").digest(bytes);
			StringBuilder hex = new StringBuilder(digest.length * 2);
			for (byte b : digest) {
				hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
			}
			return hex.toString();
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-1 is required by every JVM", ex);
		}
	}

}
