/**
 * The actuator side: the {@code cachette} endpoint (aliases, settings, live statistics,
 * clear, delete a key, invalidate a page) and the {@code cachette} health contributor.
 */
@NullMarked
package dev.cachette.actuate;

import org.jspecify.annotations.NullMarked;
