package dev.cachette.cache.backend.memcached;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What makes a stored key one memcached refuses: follows Django's
 * {@code BaseMemcachedCache.validate_key}, which raises the first of
 * {@code memcache_key_warnings}, plus memcached's limit in bytes, which Django leaves to
 * its client.
 */
final class MemcachedKeys {

	private MemcachedKeys() {
	}

	/**
	 * The reason memcached cannot store a key.
	 * @param key the stored key
	 * @param warnings Django's portability warnings for it
	 * @return Django's text, or this backend's for an empty key or one over 250 bytes in
	 * UTF-8; {@code null} for a key memcached accepts
	 */
	static @Nullable String problem(String key, List<String> warnings) {
		if (key.isEmpty()) {
			return "memcached cannot store an empty key";
		}
		if (!warnings.isEmpty()) {
			return warnings.get(0);
		}
		int bytes = key.getBytes(StandardCharsets.UTF_8).length;
		if (bytes > MemcachedCache.MAX_KEY_BYTES) {
			return "Cache key will cause errors if used with memcached: it is " + bytes
					+ " bytes in UTF-8, longer than " + MemcachedCache.MAX_KEY_BYTES + ": " + quote(key);
		}
		return null;
	}

	private static String quote(String key) {
		StringBuilder quoted = new StringBuilder("'");
		int shown = Math.min(key.length(), 80);
		for (int i = 0; i < shown; i++) {
			char c = key.charAt(i);
			quoted.append((c < 32 || c == 127) ? String.format("\\x%02x", (int) c) : String.valueOf(c));
		}
		return quoted.append((shown < key.length()) ? "...'" : "'").toString();
	}

}
