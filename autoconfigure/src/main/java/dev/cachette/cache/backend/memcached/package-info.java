/**
 * The memcached backend on Spotify's folsom client: Django's {@code PyMemcacheCache} and
 * {@code PyLibMCCache}.
 */
@NullMarked
package dev.cachette.cache.backend.memcached;

import org.jspecify.annotations.NullMarked;
