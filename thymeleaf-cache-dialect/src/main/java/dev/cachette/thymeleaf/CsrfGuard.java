package dev.cachette.thymeleaf;

import java.lang.reflect.Method;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.thymeleaf.context.IContext;

import org.springframework.util.ClassUtils;

/**
 * Finds the request's CSRF token in a fragment's output, so the fragment is not stored
 * and served to another user. Spring Security stays optional: the token is read by
 * reflection from the request attribute Spring Security's {@code CsrfFilter} sets
 * ({@code org.springframework.security.web.csrf.CsrfToken}, and {@code _csrf}, which
 * Thymeleaf exposes as variables).
 *
 * <p>
 * Two checks. A field or meta tag named {@code _csrf} ({@code name="_csrf"}, which Spring
 * Security's form support and its documented meta tags write) refuses the fragment at
 * once. Otherwise the token's value is compared with the output, but only when the output
 * holds a run of 32 or more token characters ({@code [A-Za-z0-9_-]}, which both a raw
 * UUID token and a masked one are): Spring Security creates tokens lazily, and asking for
 * one that nothing has asked for yet would create it, and with it an HTTP session or a
 * cookie, on a page that never used it. A token that was never created cannot be in the
 * output; one that was is found.
 */
final class CsrfGuard {

	/**
	 * Spring Security's request attribute for the token, {@code CsrfToken}'s class name.
	 */
	static final String TOKEN_ATTRIBUTE = "org.springframework.security.web.csrf.CsrfToken";

	/** Spring Security's default parameter name, also its default request attribute. */
	static final String PARAMETER_NAME = "_csrf";

	private static final Pattern NAMED_FIELD = Pattern.compile("name\\s*=\\s*[\"']?_csrf[\"'\\s/>]",
			Pattern.CASE_INSENSITIVE);

	private static final int TOKEN_LIKE_LENGTH = 32;

	private CsrfGuard() {
	}

	/**
	 * Looks for the request's CSRF token in an output.
	 * @param context the template context, whose variables hold the request attributes
	 * @param html the output
	 * @return what was found, for the log, or {@code null} when the output is safe to
	 * store
	 */
	static @Nullable String findToken(IContext context, String html) {
		if (html.contains(PARAMETER_NAME) && NAMED_FIELD.matcher(html).find()) {
			return "a _csrf field";
		}
		if (!hasTokenLikeRun(html)) {
			return null;
		}
		String token = tokenValue(context.getVariable(TOKEN_ATTRIBUTE));
		if (token == null) {
			token = tokenValue(context.getVariable(PARAMETER_NAME));
		}
		return (token != null && html.contains(token)) ? "the request's CSRF token" : null;
	}

	/**
	 * Tells whether a text holds a run of {@value #TOKEN_LIKE_LENGTH} or more
	 * {@code [A-Za-z0-9_-]} characters; one pass, where a regular expression would
	 * backtrack at every shorter run.
	 */
	static boolean hasTokenLikeRun(String text) {
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

	private static @Nullable String tokenValue(@Nullable Object csrfToken) {
		if (csrfToken == null) {
			return null;
		}
		try {
			Method getToken = ClassUtils.getPubliclyAccessibleMethodIfPossible(
					csrfToken.getClass().getMethod("getToken"), csrfToken.getClass());
			Object value = getToken.invoke(csrfToken);
			return (value instanceof String text && !text.isEmpty()) ? text : null;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return null;
		}
	}

}
