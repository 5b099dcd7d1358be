/**
 * The memcached backend on Spotify's folsom client: Django's {@code PyMemcacheCache} and
 * {@code PyLibMCCache}.
 *
 * <p>
 * Depends on {@code dev.cachette.cache.backend} and the packages beneath it, never on
 * another backend.
 */
@NullMarked
package dev.cachette.cache.backend.memcached;

import org.jspecify.annotations.NullMarked;
