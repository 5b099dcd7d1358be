package dev.cachette.web;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * Django's {@code django.utils.cache}: one static method per Django function, working on
 * a servlet response's headers.
 *
 * <p>
 * Every header value is split by {@link #split}, the one place that does it: values of
 * repeated header lines are joined, split on commas, trimmed, and empty tokens dropped,
 * so {@code " * "} is {@code *} and {@code "a,,b"} is {@code a, b}. {@code Cache-Control}
 * directives are matched case-insensitively and as exact tokens ({@code Private} is
 * {@code private}, {@code myprivate} is not), the rule of Django's 2026 security
 * releases.
 */
public final class CacheHeaders {

	/** A directive's value when it has none ({@code private}, {@code no-store}). */
	public static final Boolean FLAG = Boolean.TRUE;

	private static final String CACHE_CONTROL = "Cache-Control";

	private static final String VARY = "Vary";

	private static final String EXPIRES = "Expires";

	private static final String NO_CACHE = "no-cache";

	private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter
		.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
		.withZone(ZoneOffset.UTC);

	private CacheHeaders() {
	}

	/**
	 * Splits a comma-separated header value into trimmed, non-empty tokens.
	 * @param value the header value, possibly {@code null}
	 * @return the tokens, in order
	 */
	public static List<String> split(@Nullable String value) {
		List<String> tokens = new ArrayList<>();
		if (value == null) {
			return tokens;
		}
		for (String token : value.split(",")) {
			String trimmed = token.trim();
			if (!trimmed.isEmpty()) {
				tokens.add(trimmed);
			}
		}
		return tokens;
	}

	/**
	 * Returns all values of a response header as one comma-separated value, or
	 * {@code null} when the header is absent.
	 * @param response the response
	 * @param name the header name
	 * @return the joined value
	 */
	static @Nullable String header(HttpServletResponse response, String name) {
		Collection<String> values = response.getHeaders(name);
		return (values == null || values.isEmpty()) ? null : String.join(", ", values);
	}

	/**
	 * Parses {@code Cache-Control} into its directives, names lower-cased, in order. A
	 * directive without a value maps to {@link #FLAG}; {@code no-cache} maps to the set
	 * of its values, since it may name several fields.
	 * @param value the header value
	 * @return the directives
	 */
	public static Map<String, Object> parseCacheControl(@Nullable String value) {
		Map<String, Object> directives = new LinkedHashMap<>();
		for (String field : split(value)) {
			int equals = field.indexOf('=');
			String name = ((equals < 0) ? field : field.substring(0, equals)).trim().toLowerCase(Locale.ROOT);
			Object directiveValue = (equals < 0) ? FLAG : field.substring(equals + 1).trim();
			put(directives, name, directiveValue);
		}
		return directives;
	}

	private static void put(Map<String, Object> directives, String name, Object value) {
		if (name.equals(NO_CACHE)) {
			@SuppressWarnings("unchecked")
			Set<Object> values = (Set<Object>) directives.computeIfAbsent(NO_CACHE, (key) -> new LinkedHashSet<>());
			values.add(value);
		}
		else {
			directives.put(name, value);
		}
	}

	/**
	 * Tells whether the response's {@code Cache-Control} holds a directive, matched
	 * case-insensitively as an exact token.
	 * @param response the response
	 * @param directive the directive, such as {@code private}
	 * @return whether it is present
	 */
	public static boolean hasCacheControlDirective(HttpServletResponse response, String directive) {
		return parseCacheControl(header(response, CACHE_CONTROL)).containsKey(directive.toLowerCase(Locale.ROOT));
	}

	/**
	 * Adds directives to {@code Cache-Control}, Django's {@code patch_cache_control}.
	 * Names may use underscores ({@code max_age}); {@link #FLAG} adds a bare directive,
	 * any other value is written as {@code name=value}, {@code false} is ignored. When
	 * both the header and the call carry {@code max-age}, the smaller wins;
	 * {@code public} replaces {@code private} and the other way round; {@code no-cache}
	 * values accumulate.
	 * @param response the response
	 * @param changes the directives to add or replace
	 */
	public static void patchCacheControl(HttpServletResponse response, Map<String, ?> changes) {
		Map<String, Object> directives = parseCacheControl(header(response, CACHE_CONTROL));
		Map<String, Object> updates = new LinkedHashMap<>();
		changes.forEach((name, value) -> {
			if (!Boolean.FALSE.equals(value)) {
				updates.put(name.replace('_', '-').toLowerCase(Locale.ROOT), value);
			}
		});
		Object newMaxAge = updates.get("max-age");
		Integer oldMaxAge = parseInt(directives.get("max-age"));
		if (newMaxAge != null && oldMaxAge != null) {
			Integer requested = parseInt(newMaxAge);
			if (requested != null) {
				updates.put("max-age", Math.min(oldMaxAge, requested));
			}
		}
		if (directives.containsKey("private") && updates.containsKey("public")) {
			directives.remove("private");
		}
		else if (directives.containsKey("public") && updates.containsKey("private")) {
			directives.remove("public");
		}
		updates.forEach((name, value) -> put(directives, name, value));
		response.setHeader(CACHE_CONTROL, format(directives));
	}

	private static String format(Map<String, Object> directives) {
		List<String> fields = new ArrayList<>();
		directives.forEach((name, value) -> {
			if (value instanceof Set<?> values) {
				// A bare no-cache covers every field, so it takes precedence over field
				// names.
				Collection<?> effective = values.contains(FLAG) ? List.of(FLAG) : values;
				effective.forEach((item) -> fields.add(field(name, item)));
			}
			else {
				fields.add(field(name, value));
			}
		});
		return String.join(", ", fields);
	}

	private static String field(String name, Object value) {
		return FLAG.equals(value) ? name : name + "=" + value;
	}

	/**
	 * Returns the {@code max-age} of the response's {@code Cache-Control}, Django's
	 * {@code get_max_age}.
	 * @param response the response
	 * @return the max-age in seconds, or {@code null} when absent or not an integer
	 */
	public static @Nullable Integer getMaxAge(HttpServletResponse response) {
		return getSeconds(response, "max-age");
	}

	/**
	 * Returns the seconds of a {@code Cache-Control} directive of a response, such as RFC
	 * 5861's {@code stale-while-revalidate} and {@code stale-if-error}.
	 * @param response the response
	 * @param directive the directive name, lower case
	 * @return its value in seconds, or {@code null} when absent or not an integer
	 */
	public static @Nullable Integer getSeconds(HttpServletResponse response, String directive) {
		return parseInt(parseCacheControl(header(response, CACHE_CONTROL)).get(directive));
	}

	private static @Nullable Integer parseInt(@Nullable Object value) {
		if (value == null) {
			return null;
		}
		try {
			return Integer.valueOf(value.toString().trim());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * Adds {@code Expires} (when absent) and {@code Cache-Control: max-age}, Django's
	 * {@code patch_response_headers}.
	 * @param response the response
	 * @param cacheTimeout seconds; a negative value is taken as 0
	 * @param clock the clock {@code Expires} is computed from
	 */
	public static void patchResponseHeaders(HttpServletResponse response, int cacheTimeout, Clock clock) {
		int timeout = Math.max(cacheTimeout, 0);
		if (!response.containsHeader(EXPIRES)) {
			response.setHeader(EXPIRES, httpDate(clock.millis() + timeout * 1000L));
		}
		patchCacheControl(response, Map.of("max_age", timeout));
	}

	/**
	 * Marks a response as never to be cached, Django's {@code add_never_cache_headers}:
	 * {@code Expires} now, and {@code max-age=0, no-cache, no-store, must-revalidate,
	 * private}.
	 * @param response the response
	 * @param clock the clock {@code Expires} is computed from
	 */
	public static void addNeverCacheHeaders(HttpServletResponse response, Clock clock) {
		patchResponseHeaders(response, -1, clock);
		Map<String, Object> directives = new LinkedHashMap<>();
		directives.put("no_cache", FLAG);
		directives.put("no_store", FLAG);
		directives.put("must_revalidate", FLAG);
		directives.put("private", FLAG);
		patchCacheControl(response, directives);
	}

	/**
	 * Adds header names to {@code Vary}, keeping the existing ones and their order and
	 * comparing names case-insensitively; if any name is {@code *}, {@code Vary} becomes
	 * just {@code *}. Django's {@code patch_vary_headers}.
	 * @param response the response
	 * @param newHeaders the header names to add
	 */
	public static void patchVaryHeaders(HttpServletResponse response, Collection<String> newHeaders) {
		List<String> vary = varyHeaders(response);
		Set<String> existing = new LinkedHashSet<>();
		vary.forEach((name) -> existing.add(name.toLowerCase(Locale.ROOT)));
		for (String name : newHeaders) {
			String trimmed = name.trim();
			if (!trimmed.isEmpty() && existing.add(trimmed.toLowerCase(Locale.ROOT))) {
				vary.add(trimmed);
			}
		}
		response.setHeader(VARY, vary.contains("*") ? "*" : String.join(", ", vary));
	}

	/**
	 * Tells whether {@code Vary} names a header, case-insensitively. Django's
	 * {@code has_vary_header}.
	 * @param response the response
	 * @param headerName the header name
	 * @return whether the response varies on it
	 */
	public static boolean hasVaryHeader(HttpServletResponse response, String headerName) {
		return varyHeaders(response).stream().anyMatch((name) -> name.equalsIgnoreCase(headerName));
	}

	/**
	 * Returns the header names of {@code Vary}, trimmed, without empty ones.
	 * @param response the response
	 * @return the names, in order
	 */
	public static List<String> varyHeaders(HttpServletResponse response) {
		return split(header(response, VARY));
	}

	/**
	 * Formats an instant as an HTTP date (RFC 9110 IMF-fixdate), Django's
	 * {@code http_date}.
	 * @param epochMillis the instant
	 * @return the date
	 */
	static String httpDate(long epochMillis) {
		return HTTP_DATE.format(java.time.Instant.ofEpochMilli(epochMillis));
	}

}
