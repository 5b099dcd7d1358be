/**
 * The dummy backend, which stores nothing: Django's {@code DummyCache}.
 *
 * <p>
 * Depends on {@code dev.cachette.cache.backend} and the packages beneath it, never on
 * another backend.
 */
@NullMarked
package dev.cachette.cache.backend.dummy;

import org.jspecify.annotations.NullMarked;
