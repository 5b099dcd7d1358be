package dev.cachette.web;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
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

	private static final List<String> MONTHS = List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
			"Oct", "Nov", "Dec");

	/** In {@link java.time.DayOfWeek} order. */
	private static final List<String> DAYS = List.of("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun");

	private ConditionalRequests() {
	}

	static boolean notModified(HttpServletRequest request, @Nullable String etag, @Nullable String lastModified) {
		List<String> ifNoneMatch = CacheHeaders.split(request.getHeader("If-None-Match"));
		if (!ifNoneMatch.isEmpty()) {
			return etag != null && (ifNoneMatch.contains("*")
					|| ifNoneMatch.stream().map(ConditionalRequests::weakless).anyMatch(weakless(etag)::equals));
		}
		String ifModifiedSince = request.getHeader("If-Modified-Since");
		if (ifModifiedSince == null || lastModified == null) {
			return false;
		}
		Long since = parseHttpDate(ifModifiedSince);
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
		String trimmed = value.trim();
		Long fixdate = parseImfFixdate(trimmed);
		if (fixdate != null) {
			return fixdate;
		}
		try {
			return ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/**
	 * Reads the form servers send, IMF-fixdate ({@code Sun, 06 Nov 1994 08:49:37 GMT},
	 * RFC 9110 5.6.7), by position: every cache hit reads its page's {@code Expires}, and
	 * {@code DateTimeFormatter} takes microseconds for it. Anything else, including a day
	 * name that does not match the date, is left to the formatter.
	 * @param value a trimmed header value
	 * @return the milliseconds, or {@code null} to fall back
	 */
	private static @Nullable Long parseImfFixdate(String value) {
		if (value.length() != 29 || !value.startsWith(", ", 3) || value.charAt(7) != ' ' || value.charAt(11) != ' '
				|| value.charAt(16) != ' ' || value.charAt(19) != ':' || value.charAt(22) != ':'
				|| !value.endsWith(" GMT")) {
			return null;
		}
		int month = MONTHS.indexOf(value.substring(8, 11)) + 1;
		int day = digits(value, 5, 2);
		int year = digits(value, 12, 4);
		int hour = digits(value, 17, 2);
		int minute = digits(value, 20, 2);
		int second = digits(value, 23, 2);
		if (month == 0 || day < 0 || year < 0 || hour < 0 || minute < 0 || second < 0) {
			return null;
		}
		try {
			LocalDateTime time = LocalDateTime.of(year, month, day, hour, minute, second);
			return DAYS.get(time.getDayOfWeek().ordinal()).equals(value.substring(0, 3))
					? time.toEpochSecond(ZoneOffset.UTC) * 1000 : null;
		}
		catch (DateTimeException ex) {
			return null;
		}
	}

	/** The number written with {@code count} digits at {@code start}, or -1. */
	private static int digits(String value, int start, int count) {
		int number = 0;
		for (int i = start; i < start + count; i++) {
			char c = value.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			number = number * 10 + (c - '0');
		}
		return number;
	}

}
