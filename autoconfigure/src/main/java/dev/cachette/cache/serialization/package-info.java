/**
 * How values become bytes, and which classes may come back: the
 * {@link dev.cachette.cache.serialization.Serializer} SPI, its Java and JSON
 * implementations, the {@link dev.cachette.cache.serialization.AllowList} every one of
 * them consults, and {@link dev.cachette.cache.serialization.ImmutableValue} for values a
 * local cache may keep uncopied.
 *
 * <p>
 * Depends on {@code dev.cachette.cache} only (for
 * {@link dev.cachette.cache.SerializationException}). The values Cachette itself stores
 * (the revalidation envelope, the page cache's pages) are allowed by name, since their
 * packages sit above this one.
 */
@NullMarked
package dev.cachette.cache.serialization;

import org.jspecify.annotations.NullMarked;
