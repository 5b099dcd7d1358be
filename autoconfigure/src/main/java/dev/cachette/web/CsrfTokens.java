package dev.cachette.web;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Finds a CSRF token in output that is about to be cached, so that no page or fragment
 * holding one user's token is served to another. The page cache and the Thymeleaf
 * fragment cache both ask it; it is their second line of defence, after the record of
 * which tokens the request handed out.
 *
 * <p>
 * Two checks. A field or meta tag named {@code _csrf} ({@code name="_csrf"}, which Spring
 * Security's form support and its documented meta tags write) is a token wherever it
 * appears ({@code _csrf_header} names a header, not a secret). Otherwise each token value
 * the request handed out is looked for in the output, but only when the output holds a
 * run of 32 or more token characters ({@code [A-Za-z0-9_-]}, which both a raw UUID token
 * and a masked one are): one pass instead of a search per token in most outputs.
 */
public final class CsrfTokens {

	/** Spring Security's default parameter name and request attribute for the token. */
	public static final String PARAMETER_NAME = "_csrf";

	private static final Pattern NAMED_FIELD = Pattern.compile("name\\s*=\\s*[\"']?_csrf[\"'\\s/>]",
			Pattern.CASE_INSENSITIVE);

	private static final int TOKEN_LIKE_LENGTH = 32;

	private CsrfTokens() {
	}

	/**
	 * Looks for a CSRF token in an output.
	 * @param output the output
	 * @param tokens the token values the request handed out (may be empty)
	 * @return what was found, for the log, or {@code null} when the output holds none
	 */
	public static @Nullable String find(CharSequence output, Collection<String> tokens) {
		String text = output.toString();
		if (text.contains(PARAMETER_NAME) && NAMED_FIELD.matcher(text).find()) {
			return "a _csrf field";
		}
		if (tokens.isEmpty() || !hasTokenLikeRun(text)) {
			return null;
		}
		for (String token : tokens) {
			if (!token.isEmpty() && text.contains(token)) {
				return "the request's CSRF token";
			}
		}
		return null;
	}

	/**
	 * Looks for a CSRF token in a response body. Token characters are ASCII, so the body
	 * is read as ISO-8859-1 whatever its charset: every byte is one character.
	 * @param body the body
	 * @param tokens the token values the request handed out
	 * @return what was found, or {@code null}
	 */
	public static @Nullable String find(byte[] body, Collection<String> tokens) {
		return find(new String(body, StandardCharsets.ISO_8859_1), tokens);
	}

	/**
	 * Tells whether a text holds a run of {@value #TOKEN_LIKE_LENGTH} or more
	 * {@code [A-Za-z0-9_-]} characters; one pass, where a regular expression would
	 * backtrack at every shorter run.
	 * @param text the text
	 * @return whether it holds such a run
	 */
	public static boolean hasTokenLikeRun(CharSequence text) {
		int run = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-') {
				if (++run >= TOKEN_LIKE_LENGTH) {
					return true;
				}
			}
			else {
				run = 0;
			}
		}
		return false;
	}

}
