/**
 * Cachette's low-level cache API, what an application imports: Django's
 * {@code django.core.cache}.
 *
 * <p>
 * {@link dev.cachette.cache.Cache} is one alias (its
 * {@link dev.cachette.cache.AsyncCache} face, {@link dev.cachette.cache.CacheLock} and
 * {@link dev.cachette.cache.CacheStatistics} with it), {@link dev.cachette.cache.Caches}
 * the registry of aliases, {@link dev.cachette.cache.KeyFunction},
 * {@link dev.cachette.cache.KeyFormat} and {@link dev.cachette.cache.Refresh} the hooks
 * and options of a call, {@link dev.cachette.cache.CacheUtils} Django's
 * {@code make_template_fragment_key}, and {@link dev.cachette.cache.CacheException} the
 * root of the exceptions every layer throws.
 *
 * <p>
 * The bottom layer: it depends on no other Cachette package. Serialization, the settings,
 * resilience, the revalidation flow and the backends are built on it in
 * {@code dev.cachette.cache.*}.
 */
@NullMarked
package dev.cachette.cache;

import org.jspecify.annotations.NullMarked;
