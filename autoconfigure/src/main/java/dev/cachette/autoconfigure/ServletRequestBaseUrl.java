package dev.cachette.autoconfigure;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import dev.cachette.web.PageCache;

/**
 * The scheme and host of the servlet request on the current thread, as the page cache
 * puts them in its keys, so that a bust naming {@code /articles/x} removes the page the
 * visitor's host name cached. Wiring between the web layer and the busts, kept here so
 * that {@code dev.cachette.invalidation} does not depend on {@code dev.cachette.web}.
 */
final class ServletRequestBaseUrl implements Supplier<@Nullable String> {

	@Override
	public @Nullable String get() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (attributes instanceof ServletRequestAttributes servlet) {
			return PageCache.baseUrl(servlet.getRequest());
		}
		return null;
	}

}
