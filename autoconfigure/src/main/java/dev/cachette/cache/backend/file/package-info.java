/**
 * The file-based backend, one file per key in a directory: Django's
 * {@code FileBasedCache}.
 */
@NullMarked
package dev.cachette.cache.backend.file;

import org.jspecify.annotations.NullMarked;
