package dev.cachette.web;

import java.io.IOException;
import java.io.PrintWriter;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.ShallowEtagHeaderFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Buffers a response so the page cache can read its final headers and body, but only a
 * response the page cache will store: one whose request a {@link PageCache} looked up and
 * missed before the body was written. Every other response (a cache hit, a page nobody
 * caches) is written straight through, so the page cache costs them no copy. A streaming
 * response is written through as well: Spring MVC marks server-sent events,
 * {@code ResponseBodyEmitter} and {@code StreamingResponseBody} responses with
 * {@link ShallowEtagHeaderFilter#disableContentCaching}, and those are never cached
 * (Django: {@code response.streaming}).
 */
final class PageResponseWrapper extends ContentCachingResponseWrapper {

	/**
	 * The attribute {@link ShallowEtagHeaderFilter#disableContentCaching} sets (its own
	 * reader is private).
	 */
	private static final String STREAMING_ATTRIBUTE = ShallowEtagHeaderFilter.class.getName() + ".STREAMING";

	private final HttpServletRequest request;

	PageResponseWrapper(HttpServletRequest request, HttpServletResponse response) {
		super(response);
		this.request = request;
	}

	boolean isStreaming() {
		return this.request.getAttribute(STREAMING_ATTRIBUTE) != null;
	}

	/** Whether the body goes straight to the client: nothing will store it. */
	private boolean passesThrough() {
		return isStreaming() || this.request.getAttribute(PageCache.UPDATE_ATTRIBUTE) == null;
	}

	@Override
	public void setContentLength(int length) {
		if (passesThrough()) {
			getResponse().setContentLength(length);
			return;
		}
		super.setContentLength(length);
	}

	@Override
	public void setContentLengthLong(long length) {
		if (passesThrough()) {
			getResponse().setContentLengthLong(length);
			return;
		}
		super.setContentLengthLong(length);
	}

	/**
	 * Defers a server error while a stale page may replace it: the container would
	 * otherwise commit the error before {@link UpdateCacheFilter} could serve the page.
	 */
	@Override
	public void sendError(int status) throws IOException {
		if (!deferError(status)) {
			super.sendError(status);
		}
	}

	@Override
	public void sendError(int status, String message) throws IOException {
		if (!deferError(status)) {
			super.sendError(status, message);
		}
	}

	private boolean deferError(int status) {
		if (status >= 500 && this.request.getAttribute(PageCache.STALE_ATTRIBUTE) != null) {
			setStatus(status);
			return true;
		}
		return false;
	}

	@Override
	public ServletOutputStream getOutputStream() throws IOException {
		if (passesThrough()) {
			copyBodyToResponse(false);
			return getResponse().getOutputStream();
		}
		return super.getOutputStream();
	}

	@Override
	public PrintWriter getWriter() throws IOException {
		if (passesThrough()) {
			copyBodyToResponse(false);
			return getResponse().getWriter();
		}
		return super.getWriter();
	}

	@Override
	public void flushBuffer() throws IOException {
		if (passesThrough()) {
			copyBodyToResponse(false);
			getResponse().flushBuffer();
			return;
		}
		super.flushBuffer();
	}

}
