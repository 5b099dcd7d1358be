/**
 * One alias's settings, Django's {@code CACHES} entry:
 * {@link dev.cachette.cache.settings.CacheSettings}, what a backend is created from.
 *
 * <p>
 * A package of its own because the settings name the alias's serializer: they sit above
 * {@code dev.cachette.cache.serialization}, whose exception extends the API's
 * {@code CacheException}, and below resilience, the revalidation flow and the backends,
 * which read their options from them. Depends on {@code dev.cachette.cache} and
 * {@code dev.cachette.cache.serialization}.
 */
@NullMarked
package dev.cachette.cache.settings;

import org.jspecify.annotations.NullMarked;
