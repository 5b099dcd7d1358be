package dev.cachette.web;

import java.nio.charset.StandardCharsets;

/**
 * Django's {@code iri_to_uri}: percent-encodes, as UTF-8, every character that may not
 * appear in a URI, leaving reserved characters and existing escapes alone. A URL the
 * servlet container received is already ASCII and passes unchanged.
 */
final class IriToUri {

	private static final String SAFE = "/#%[]=:;$&()+,!?*@'~-._";

	private IriToUri() {
	}

	static String convert(String iri) {
		if (isSafe(iri)) {
			return iri;
		}
		StringBuilder uri = new StringBuilder(iri.length() + 16);
		for (byte b : iri.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xFF;
			if (c < 128 && isSafe((char) c)) {
				uri.append((char) c);
			}
			else {
				uri.append('%')
					.append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
					.append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
			}
		}
		return uri.toString();
	}

	private static boolean isSafe(String text) {
		for (int i = 0; i < text.length(); i++) {
			if (!isSafe(text.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	private static boolean isSafe(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || SAFE.indexOf(c) >= 0;
	}

}
