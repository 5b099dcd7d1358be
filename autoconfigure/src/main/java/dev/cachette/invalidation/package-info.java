/**
 * Invalidation beyond timeouts: event-driven busts (Django's {@code post_save} and
 * {@code post_delete} receivers, run after the transaction commits), versioned namespaces
 * (bump one counter to invalidate a whole class of keys) and cache warming after startup.
 *
 * <p>
 * {@link dev.cachette.invalidation.CacheBusts} declares what a change invalidates,
 * {@link dev.cachette.invalidation.CacheBusts#listener} runs it,
 * {@link dev.cachette.invalidation.CacheNamespaces} hands out namespaces and
 * {@link dev.cachette.invalidation.CacheWarming} runs the
 * {@link dev.cachette.invalidation.CacheWarmer} beans.
 *
 * <p>
 * Depends on the {@code dev.cachette.cache} packages.
 */
@NullMarked
package dev.cachette.invalidation;

import org.jspecify.annotations.NullMarked;
