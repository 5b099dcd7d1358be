package dev.cachette.cache.backend.db;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The {@code cache_key} a stored key is kept under: the key itself, or for a key longer
 * than the column's 255 characters (Django's {@code CharField(max_length=255)}, whose
 * insert fails and is silently dropped for such a key), its first 190 characters, a colon
 * and its SHA-256 in hex: 255 characters, readable, and distinct for distinct keys.
 */
final class ColumnKey {

	static final int MAX_LENGTH = 255;

	/** What a long key keeps of itself before its hash: 190 + 1 + 64 = 255. */
	private static final int HEAD = 190;

	private ColumnKey() {
	}

	static String of(String key) {
		if (key.length() <= MAX_LENGTH || key.codePointCount(0, key.length()) <= MAX_LENGTH) {
			return key;
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
			return key.substring(0, key.offsetByCodePoints(0, HEAD)) + ":" + HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

}
