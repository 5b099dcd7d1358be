/**
 * What a backend author uses: {@link dev.cachette.cache.backend.BaseCache}, the semantics
 * every backend shares written once (Django's {@code BaseCache}), on a handful of
 * primitives a backend implements; {@link dev.cachette.cache.backend.CacheBackend}, which
 * registers a backend under a name; and
 * {@link dev.cachette.cache.backend.CullingOptions}. The guarded calls, key warnings,
 * version views and the storage of counters are package-private here.
 *
 * <p>
 * Each backend is a package below this one ({@code locmem}, {@code redis},
 * {@code memcached}, {@code db}, {@code file}, {@code dummy}), which depends on this
 * package and those beneath it, never on another backend. This package depends on
 * {@code dev.cachette.cache}, {@code serialization}, {@code settings}, {@code resilience}
 * and {@code revalidation}.
 */
@NullMarked
package dev.cachette.cache.backend;

import org.jspecify.annotations.NullMarked;
