package dev.cachette.web;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Conditional GET for cached pages: Django's {@code get_conditional_response} for
 * {@code If-None-Match} and {@code If-Modified-Since} (RFC 9110 13.2.2, steps 3 and 4),
 * and the {@code Age} header Django's {@code FetchFromCacheMiddleware} adds to a hit.
 */
final class ConditionalRequests {

	private ConditionalRequests() {
	}

	static boolean notModified(HttpServletRequest request, @Nullable String etag, @Nullable String lastModified) {
		List<String> ifNoneMatch = CacheHeaders.split(request.getHeader("If-None-Match"));
		if (!ifNoneMatch.isEmpty()) {
			return etag != null && (ifNoneMatch.contains("*")
					|| ifNoneMatch.stream().map(ConditionalRequests::weakless).anyMatch(weakless(etag)::equals));
		}
		Long since = parseHttpDate(request.getHeader("If-Modified-Since"));
		Long modified = parseHttpDate(lastModified);
		return since != null && modified != null && modified <= since;
	}

	/** Weak comparison: {@code W/"x"} matches {@code "x"}. */
	private static String weakless(String etag) {
		return etag.startsWith("W/") ? etag.substring(2) : etag;
	}

	/** Django: {@code Age = max(0, max-age - (Expires - now))}, when both are known. */
	static @Nullable Long age(@Nullable Object maxAge, @Nullable String expires, Clock clock) {
		Long expiresAt = parseHttpDate(expires);
		if (maxAge == null || expiresAt == null) {
			return null;
		}
		try {
			// Django compares whole seconds: Expires - int(time.time()).
			long remaining = expiresAt / 1000 - clock.millis() / 1000;
			return Math.max(0, Long.parseLong(maxAge.toString().trim()) - remaining);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/** Milliseconds of an HTTP date, or {@code null} when absent or unparsable. */
	static @Nullable Long parseHttpDate(@Nullable String value) {
		if (value == null) {
			return null;
		}
		try {
			return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
