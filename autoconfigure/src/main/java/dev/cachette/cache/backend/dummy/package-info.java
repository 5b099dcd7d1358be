/**
 * The dummy backend, which stores nothing: Django's {@code DummyCache}.
 */
@NullMarked
package dev.cachette.cache.backend.dummy;

import org.jspecify.annotations.NullMarked;
