package dev.cachette.thymeleaf;

import java.lang.reflect.Method;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.thymeleaf.context.IContext;

import org.springframework.util.ClassUtils;

import dev.cachette.web.CsrfTokens;

/**
 * Finds the request's CSRF token in a fragment's output, so the fragment is not stored
 * and served to another user. The search is the page cache's ({@link CsrfTokens}); this
 * class finds the token's value. Spring Security stays optional: the token is read by
 * reflection from the request attribute Spring Security's {@code CsrfFilter} sets
 * ({@code org.springframework.security.web.csrf.CsrfToken}, and {@code _csrf}, which
 * Thymeleaf exposes as variables), and only when the output holds a token-like run:
 * Spring Security creates tokens lazily, and asking for one that nothing has asked for
 * yet would create it, and with it an HTTP session or a cookie, on a page that never used
 * it. A token that was never created cannot be in the output; one that was is found.
 */
final class CsrfGuard {

	/**
	 * Spring Security's request attribute for the token, {@code CsrfToken}'s class name.
	 */
	static final String TOKEN_ATTRIBUTE = "org.springframework.security.web.csrf.CsrfToken";

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
		String named = CsrfTokens.find(html, List.of());
		if (named != null || !CsrfTokens.hasTokenLikeRun(html)) {
			return named;
		}
		String token = tokenValue(context.getVariable(TOKEN_ATTRIBUTE));
		if (token == null) {
			token = tokenValue(context.getVariable(CsrfTokens.PARAMETER_NAME));
		}
		return (token != null) ? CsrfTokens.find(html, List.of(token)) : null;
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
