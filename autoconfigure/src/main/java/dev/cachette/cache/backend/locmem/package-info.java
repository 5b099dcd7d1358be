/**
 * The local-memory backend, strict LRU as Django or W-TinyLFU on Caffeine: Django's
 * {@code LocMemCache}.
 *
 * <p>
 * Depends on {@code dev.cachette.cache.backend} and the packages beneath it, never on
 * another backend.
 */
@NullMarked
package dev.cachette.cache.backend.locmem;

import org.jspecify.annotations.NullMarked;
