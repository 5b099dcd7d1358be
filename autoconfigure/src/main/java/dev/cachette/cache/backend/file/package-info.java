/**
 * The file-based backend, one file per key in a directory: Django's
 * {@code FileBasedCache}.
 *
 * <p>
 * Depends on {@code dev.cachette.cache.backend} and the packages beneath it, never on
 * another backend.
 */
@NullMarked
package dev.cachette.cache.backend.file;

import org.jspecify.annotations.NullMarked;
