package dev.cachette.web;

import org.jspecify.annotations.Nullable;

/**
 * What stands in front of the handler that rendered a page, as {@link HandlerGuards}
 * found it: whether only that handler may serve the cached page (an interceptor or advice
 * such as method security checks access first), or why the page must not be stored at
 * all.
 *
 * @param atHandler whether the page may only be served by its handler, once the checks in
 * front of it have run
 * @param refusal why the page must not be stored, or {@code null}
 */
record HandlerGuard(boolean atHandler, @Nullable String refusal) {

	/** A handler nothing guards, or no handler at all (a filter answered). */
	static final HandlerGuard NONE = new HandlerGuard(false, null);

	/** A handler that only an interceptor guards: it serves its pages itself. */
	static final HandlerGuard AT_HANDLER = new HandlerGuard(true, null);

}
