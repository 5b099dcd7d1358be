package dev.cachette.cache.backend.memcached;

import java.util.Arrays;

/**
 * Reads the bytes of a counter as memcached keeps them: memcached's protocol.txt,
 * "Increment/Decrement", says a number that {@code decr} made shorter "MAY be
 * space-padded at the end".
 */
final class CounterBytes {

	private CounterBytes() {
	}

	/**
	 * Strips the spaces after a number; any other value is returned as it is.
	 * @param bytes the bytes read
	 * @return the bytes without the padding
	 */
	static byte[] withoutPadding(byte[] bytes) {
		int end = bytes.length;
		if (end < 2 || bytes[end - 1] != ' ' || bytes[0] < '0' || bytes[0] > '9') {
			return bytes;
		}
		while (end > 1 && bytes[end - 1] == ' ') {
			end--;
		}
		return Arrays.copyOf(bytes, end);
	}

}
