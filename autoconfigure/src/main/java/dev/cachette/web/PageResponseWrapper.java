package dev.cachette.web;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;

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
 * (Django: {@code response.streaming}). A body that grows past the largest page the page
 * cache stores ({@code cache-middleware.max-page-size}) is not buffered any further: what
 * was buffered goes to the client, the rest follows it directly, and the page is not
 * stored, so a large download never sits in the heap.
 */
final class PageResponseWrapper extends ContentCachingResponseWrapper {

	/**
	 * The attribute {@link ShallowEtagHeaderFilter#disableContentCaching} sets (its own
	 * reader is private).
	 */
	private static final String STREAMING_ATTRIBUTE = ShallowEtagHeaderFilter.class.getName() + ".STREAMING";

	private final HttpServletRequest request;

	private final long maxPageSize;

	private boolean tooLarge;

	private @Nullable LimitedOutputStream limited;

	private @Nullable PrintWriter limitedWriter;

	PageResponseWrapper(HttpServletRequest request, HttpServletResponse response, long maxPageSize) {
		super(response);
		this.request = request;
		this.maxPageSize = maxPageSize;
	}

	boolean isStreaming() {
		return this.request.getAttribute(STREAMING_ATTRIBUTE) != null;
	}

	/** Whether the body grew past the largest page the page cache stores. */
	boolean isTooLarge() {
		return this.tooLarge;
	}

	/** Whether the body goes straight to the client: nothing will store it. */
	private boolean passesThrough() {
		return this.tooLarge || isStreaming() || !PageRequest.isStoring(this.request);
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
		PageRequest page = PageRequest.find(this.request);
		if (status >= 500 && page != null && page.staleFallback() != null) {
			setStatus(status);
			return true;
		}
		return false;
	}

	@Override
	public ServletOutputStream getOutputStream() throws IOException {
		if (this.limited != null) {
			return this.limited;
		}
		if (passesThrough()) {
			copyBodyToResponse(false);
			return getResponse().getOutputStream();
		}
		this.limited = new LimitedOutputStream(super.getOutputStream());
		return this.limited;
	}

	@Override
	public PrintWriter getWriter() throws IOException {
		if (this.limitedWriter != null) {
			return this.limitedWriter;
		}
		if (passesThrough()) {
			copyBodyToResponse(false);
			return getResponse().getWriter();
		}
		this.limitedWriter = new FlushingWriter(new OutputStreamWriter(getOutputStream(), getCharacterEncoding()));
		return this.limitedWriter;
	}

	/**
	 * Stops buffering: the response will not be stored, so Spring Security's held-back
	 * headers are written now, what was buffered goes to the client, and the rest of the
	 * body follows it.
	 */
	private ServletOutputStream overflow() throws IOException {
		this.tooLarge = true;
		HeldBackHeaders.write(this.request, this);
		copyBodyToResponse(false);
		return getResponse().getOutputStream();
	}

	/** Buffers the body up to the largest page stored, then writes it through. */
	private final class LimitedOutputStream extends ServletOutputStream {

		private ServletOutputStream target;

		private long written;

		LimitedOutputStream(ServletOutputStream buffer) {
			this.target = buffer;
		}

		@Override
		public void write(int b) throws IOException {
			reserve(1);
			this.target.write(b);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			reserve(length);
			this.target.write(bytes, offset, length);
		}

		private void reserve(int length) throws IOException {
			this.written += length;
			if (!PageResponseWrapper.this.tooLarge && this.written > PageResponseWrapper.this.maxPageSize) {
				this.target = overflow();
			}
		}

		@Override
		public void flush() throws IOException {
			this.target.flush();
		}

		@Override
		public boolean isReady() {
			return this.target.isReady();
		}

		@Override
		public void setWriteListener(WriteListener listener) {
			this.target.setWriteListener(listener);
		}

	}

	/**
	 * A writer that hands each write to the stream at once, so the stream counts it and a
	 * buffered body is complete whenever it is read (as Spring's own buffering writer).
	 */
	private static final class FlushingWriter extends PrintWriter {

		FlushingWriter(OutputStreamWriter out) {
			super(out);
		}

		@Override
		public void write(char[] buffer, int offset, int length) {
			super.write(buffer, offset, length);
			super.flush();
		}

		@Override
		public void write(String text, int offset, int length) {
			super.write(text, offset, length);
			super.flush();
		}

		@Override
		public void write(int c) {
			super.write(c);
			super.flush();
		}

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
