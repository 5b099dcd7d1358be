/**
 * The local-memory backend, strict LRU as Django or W-TinyLFU on Caffeine: Django's
 * {@code LocMemCache}.
 */
@NullMarked
package dev.cachette.cache.backend.locmem;

import org.jspecify.annotations.NullMarked;
