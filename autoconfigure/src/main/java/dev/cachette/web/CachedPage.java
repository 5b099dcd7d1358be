package dev.cachette.web;

import java.io.IOException;
import java.io.Serializable;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import dev.cachette.cache.serialization.ImmutableValue;

/**
 * A response as the client received it: status, headers and body bytes. The default
 * serializer allow-list names it, so pages are stored on every backend. Nothing writes to
 * its body after construction, so a by-value local cache keeps it uncopied
 * ({@link ImmutableValue}).
 *
 * @param status the status code
 * @param headerNames header names, parallel to {@code headerValues}
 * @param headerValues header values
 * @param body the body
 * @param anonymousOnly whether it was rendered for an anonymous visitor that looked for a
 * session or a user and found none, so that only such a visitor may be served it
 * @param atHandler whether only its handler may serve it, once the access checks in front
 * of the handler (interceptors, method security) have run for the request
 */
record CachedPage(int status, List<String> headerNames, List<String> headerValues, byte[] body, boolean anonymousOnly,
		boolean atHandler) implements Serializable, ImmutableValue {

	/** Headers that belong to one connection or one transmission, never replayed. */
	private static final Set<String> NOT_STORED = Set.of("date", "content-length", "transfer-encoding", "connection",
			"keep-alive");

	/** Headers a 304 keeps, Django's {@code _not_modified} (RFC 9110 15.4.5). */
	private static final Set<String> NOT_MODIFIED_HEADERS = Set.of("cache-control", "content-location", "date", "etag",
			"expires", "last-modified", "vary", "set-cookie");

	static CachedPage of(HttpServletResponse response, byte[] body, boolean anonymousOnly, boolean atHandler) {
		List<String> names = new ArrayList<>();
		List<String> values = new ArrayList<>();
		for (String name : response.getHeaderNames()) {
			if (!NOT_STORED.contains(name.toLowerCase(Locale.ROOT))) {
				for (String value : response.getHeaders(name)) {
					names.add(name);
					values.add(value);
				}
			}
		}
		if (response.getContentType() != null && names.stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
			names.add("Content-Type");
			values.add(response.getContentType());
		}
		return new CachedPage(response.getStatus(), List.copyOf(names), List.copyOf(values), body, anonymousOnly,
				atHandler);
	}

	/**
	 * About how many bytes this page holds in memory: its body, and its headers as
	 * characters.
	 */
	long weight() {
		long weight = 64L + this.body.length;
		for (int i = 0; i < this.headerNames.size(); i++) {
			weight += 2L * (this.headerNames.get(i).length() + this.headerValues.get(i).length()) + 32;
		}
		return weight;
	}

	@Nullable String header(String name) {
		for (int i = 0; i < this.headerNames.size(); i++) {
			if (this.headerNames.get(i).equalsIgnoreCase(name)) {
				return this.headerValues.get(i);
			}
		}
		return null;
	}

	/**
	 * Writes this page as the response, or a 304 when the request's validators match
	 * (Django's {@code get_conditional_response}), with Django's {@code Age} header.
	 */
	void writeTo(HttpServletRequest request, HttpServletResponse response, Clock clock) throws IOException {
		boolean notModified = ConditionalRequests.notModified(request, header("ETag"), header("Last-Modified"));
		response.setStatus(notModified ? HttpServletResponse.SC_NOT_MODIFIED : this.status);
		for (int i = 0; i < this.headerNames.size(); i++) {
			String name = this.headerNames.get(i);
			if (!notModified || NOT_MODIFIED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
				if (isFirst(i)) {
					response.setHeader(name, this.headerValues.get(i));
				}
				else {
					response.addHeader(name, this.headerValues.get(i));
				}
			}
		}
		Long age = ConditionalRequests.age(CacheHeaders.parseCacheControl(header("Cache-Control")).get("max-age"),
				header("Expires"), clock);
		if (age != null) {
			response.setHeader("Age", Long.toString(age));
		}
		if (notModified) {
			return;
		}
		// Written for HEAD too: the container drops a HEAD body and keeps its length.
		response.setContentLength(this.body.length);
		response.getOutputStream().write(this.body);
	}

	private boolean isFirst(int index) {
		String name = this.headerNames.get(index);
		for (int i = 0; i < index; i++) {
			if (this.headerNames.get(i).equalsIgnoreCase(name)) {
				return false;
			}
		}
		return true;
	}

}
