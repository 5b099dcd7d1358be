package dev.cachette.web;

import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import dev.cachette.cache.KeyFormat;

/**
 * Decides whether a response may be stored, with the rules of Django's
 * {@code UpdateCacheMiddleware} as of its 2026 security releases (5.2.14/5.2.15,
 * 6.0.5/6.0.6), and one rule stricter than Django's:
 * <ul>
 * <li>{@code Cache-Control} with {@code private}, {@code no-cache} or {@code no-store}
 * (exact, case-insensitive tokens) is not stored;</li>
 * <li>{@code Vary: *} is not stored;</li>
 * <li>a request with a non-empty {@code Authorization} header makes the response vary on
 * {@code Authorization} unless it is {@code Cache-Control: public} (or its page cache is
 * declared shared);</li>
 * <li>a response that sets a cookie is not stored at all by default
 * ({@link SetCookieRule#NEVER_STORE}, Varnish's rule), because replaying one visitor's
 * session or CSRF cookie to everyone is a cross-user leak; {@link SetCookieRule#DJANGO}
 * restores Django 5.2.17's rule, which skips it only when the response also varies on
 * {@code Cookie}.</li>
 * </ul>
 *
 * @param defaultTimeout the timeout when the response has no {@code max-age}
 * ({@code CACHE_MIDDLEWARE_SECONDS})
 * @param useI18n whether keys end with the request's language, Django's {@code USE_I18N}
 * @param setCookieRule what to do with responses that set cookies
 * @param keyFormat how page keys hash the values of the headers a page varies on
 */
public record PageCachePolicy(Duration defaultTimeout, boolean useI18n, SetCookieRule setCookieRule,
		KeyFormat keyFormat) {

	/**
	 * Creates a policy with Django's keys.
	 * @param defaultTimeout the timeout when the response has no {@code max-age}
	 * @param useI18n whether keys end with the request's language
	 * @param setCookieRule what to do with responses that set cookies
	 */
	public PageCachePolicy(Duration defaultTimeout, boolean useI18n, SetCookieRule setCookieRule) {
		this(defaultTimeout, useI18n, setCookieRule, KeyFormat.DJANGO);
	}

	/** What the page cache does with a response that sets a cookie. */
	public enum SetCookieRule {

		/** Never store it (the default). */
		NEVER_STORE,

		/** Django 5.2.17: do not store it when it also varies on {@code Cookie}. */
		DJANGO

	}

	/**
	 * Checks a response, adding {@code Vary: Authorization} where the request carried
	 * credentials.
	 * @param request the request
	 * @param response the response, headers final
	 * @param shared whether the page is declared the same for every user
	 * @return why it must not be stored, or {@code null} when it may be
	 */
	@Nullable String refusal(HttpServletRequest request, HttpServletResponse response, boolean shared) {
		if (response.containsHeader("Set-Cookie") && (this.setCookieRule == SetCookieRule.NEVER_STORE
				|| CacheHeaders.hasVaryHeader(response, "Cookie"))) {
			return "set-cookie";
		}
		String authorization = request.getHeader("Authorization");
		if (!shared && authorization != null && !authorization.isBlank()
				&& !CacheHeaders.hasCacheControlDirective(response, "public")) {
			CacheHeaders.patchVaryHeaders(response, java.util.List.of("Authorization"));
		}
		for (String directive : new String[] { "private", "no-cache", "no-store" }) {
			if (CacheHeaders.hasCacheControlDirective(response, directive)) {
				return directive;
			}
		}
		if (CacheHeaders.varyHeaders(response).contains("*")) {
			return "vary-star";
		}
		return null;
	}

}
