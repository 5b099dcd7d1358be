/**
 * The local-memory backend on Caffeine: Django's {@code LocMemCache}.
 */
@NullMarked
package dev.cachette.cache.backend.locmem;

import org.jspecify.annotations.NullMarked;
