package dev.cachette.cache.backend;

import java.util.ArrayList;
import java.util.List;

/**
 * Django's key portability texts, byte for byte: follows
 * {@code django.core.cache.backends.base.memcache_key_warnings}, with the whole key
 * written as Python's {@code repr} writes a string, so a message logged here reads as the
 * one Django warns or raises with.
 */
final class KeyWarnings {

	/** Django's {@code MEMCACHE_MAX_KEY_LENGTH}, in characters. */
	static final int MAX_KEY_LENGTH = 250;

	private KeyWarnings() {
	}

	/**
	 * The warnings for a stored key, in Django's order: too long, then bad characters.
	 * @param key the stored key
	 * @return none for a portable key, one or two texts otherwise
	 */
	static List<String> of(String key) {
		List<String> warnings = new ArrayList<>(2);
		if (key.codePointCount(0, key.length()) > MAX_KEY_LENGTH) {
			warnings.add(tooLong(key));
		}
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			// Django's memcached_error_chars_re: [\x00-\x20\x7f]
			if (c <= 0x20 || c == 0x7f) {
				warnings
					.add("Cache key contains characters that will cause errors if used with memcached: " + repr(key));
				break;
			}
		}
		return warnings;
	}

	/**
	 * Django's text for a key over 250 characters.
	 * @param key the stored key
	 * @return the text
	 */
	static String tooLong(String key) {
		return "Cache key will cause errors if used with memcached: " + repr(key) + " (longer than " + MAX_KEY_LENGTH
				+ ")";
	}

	/**
	 * Writes a string as Python 3's {@code repr}: single quotes unless the text holds a
	 * single quote and no double quote; backslash, the quote, {@code \t \n \r} escaped,
	 * other control characters (C0, DEL, C1) as {@code \xNN}, everything else as is.
	 */
	static String repr(String text) {
		char quote = (text.indexOf('\'') >= 0 && text.indexOf('"') < 0) ? '"' : '\'';
		StringBuilder out = new StringBuilder(text.length() + 2).append(quote);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == quote || c == '\\') {
				out.append('\\').append(c);
			}
			else if (c == '\t') {
				out.append("\\t");
			}
			else if (c == '\n') {
				out.append("\\n");
			}
			else if (c == '\r') {
				out.append("\\r");
			}
			else if (c < 0x20 || (c >= 0x7f && c <= 0xa0) || c == 0xad) {
				out.append(String.format("\\x%02x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		return out.append(quote).toString();
	}

}
