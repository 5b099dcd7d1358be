package dev.cachette.cache.backend;

import org.jspecify.annotations.Nullable;

/**
 * How integers are stored: widened to {@link Long}, and written as plain decimal text so
 * that Redis {@code INCRBY}, memcached {@code incr} and an SQL {@code UPDATE} can add to
 * them in place. Django's Redis serializer makes the same choice for {@code int}.
 */
final class Counters {

	private static final int MAX_LONG_DIGITS = 19;

	private Counters() {
	}

	static @Nullable Object normalize(@Nullable Object value) {
		if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
			return ((Number) value).longValue();
		}
		return value;
	}

	/**
	 * Reads plain decimal text ({@code -?[0-9]{1,19}}) as a long.
	 * @param bytes stored bytes
	 * @return the number, or {@code null} when the bytes are not a decimal integer
	 */
	static @Nullable Long parse(byte[] bytes) {
		int start = (bytes.length > 0 && bytes[0] == '-') ? 1 : 0;
		int digits = bytes.length - start;
		if (digits < 1 || digits > MAX_LONG_DIGITS) {
			return null;
		}
		for (int i = start; i < bytes.length; i++) {
			if (bytes[i] < '0' || bytes[i] > '9') {
				return null;
			}
		}
		try {
			return Long.parseLong(new String(bytes, java.nio.charset.StandardCharsets.US_ASCII));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
