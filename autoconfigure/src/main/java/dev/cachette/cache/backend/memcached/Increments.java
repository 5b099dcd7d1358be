package dev.cachette.cache.backend.memcached;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import com.spotify.folsom.AsciiMemcacheClient;
import com.spotify.folsom.BinaryMemcacheClient;
import com.spotify.folsom.MemcacheAuthenticationException;
import com.spotify.folsom.client.AbstractRequest;
import com.spotify.folsom.client.OpCode;
import org.jspecify.annotations.Nullable;

/**
 * Memcached's atomic {@code incr} and {@code decr}, with Django's semantics on either
 * protocol: a missing key completes with {@code null} (never created), and a value that
 * is not a counter fails with {@link NotACounterException}.
 *
 * <p>
 * Folsom offers these commands on its protocol-specific client types only, and they need
 * help to keep those semantics. On the text protocol the server answers
 * {@code CLIENT_ERROR cannot increment or decrement non-numeric value}, which folsom
 * reports as an authentication failure; a {@code get} of the key tells the two apart. On
 * the binary protocol folsom's {@code incr} creates a missing key (it cannot send the
 * expiration {@code 0xffffffff} that means "do not create") and closes the connection on
 * a non-numeric value, so {@link BinaryIncrRequest} sends the command instead.
 */
@FunctionalInterface
interface Increments {

	/**
	 * Adds to or subtracts from a counter, atomically on the server.
	 * @param key the stored key
	 * @param amount the amount, read as unsigned by the server
	 * @param decrement whether to subtract ({@code decr}, which stops at zero)
	 * @return the new value (unsigned 64 bits in a {@code long}), or {@code null} for a
	 * missing key
	 */
	CompletionStage<@Nullable Long> apply(String key, long amount, boolean decrement);

	static Increments text(AsciiMemcacheClient<byte[]> client) {
		return (key, amount, decrement) -> {
			CompletionStage<Long> sent = decrement ? client.decr(key, amount) : client.incr(key, amount);
			return sent.exceptionallyCompose((failure) -> {
				Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
				if (!(cause instanceof MemcacheAuthenticationException)) {
					return CompletableFuture.failedFuture(cause);
				}
				// CLIENT_ERROR: a non-numeric value if the key holds one, else a refusal.
				return client.get(key)
					.thenCompose((value) -> CompletableFuture
						.failedFuture((value != null) ? new NotACounterException(value) : cause));
			});
		};
	}

	static Increments binary(BinaryMemcacheClient<byte[]> client) {
		return (key, amount, decrement) -> {
			byte[] bytes = AbstractRequest.encodeKey(key, StandardCharsets.UTF_8, MemcachedCache.MAX_KEY_BYTES);
			OpCode opcode = decrement ? OpCode.DECREMENT : OpCode.INCREMENT;
			return client.getRawMemcacheClient().send(new BinaryIncrRequest(bytes, opcode, amount));
		};
	}

	/** The value of the key is not a decimal unsigned 64-bit integer. */
	final class NotACounterException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		NotACounterException(byte @Nullable [] value) {
			super(describe(value));
		}

		private static String describe(byte @Nullable [] value) {
			if (value == null) {
				return "memcached refused: its value is not a decimal unsigned 64-bit integer";
			}
			return "memcached refused: its value (" + value.length + " bytes) is not a decimal unsigned 64-bit integer";
		}

	}

}
