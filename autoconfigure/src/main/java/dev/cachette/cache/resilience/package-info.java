/**
 * What keeps an unreachable server from breaking a request: the
 * {@link dev.cachette.cache.resilience.CircuitBreaker} of an alias or server (with its
 * bounded failure log), and the deadlines of every server call,
 * {@link dev.cachette.cache.resilience.CallTimeouts}, which
 * {@link dev.cachette.cache.resilience.BackgroundWork} lengthens off the request path.
 *
 * <p>
 * The guarded calls themselves (fail-open or strict, repair of unreadable entries) are
 * {@code BaseCache}'s, in {@code dev.cachette.cache.backend}, since they call the
 * backend's protected primitives. Depends on {@code dev.cachette.cache} and
 * {@code dev.cachette.cache.settings}.
 */
@NullMarked
package dev.cachette.cache.resilience;

import org.jspecify.annotations.NullMarked;
