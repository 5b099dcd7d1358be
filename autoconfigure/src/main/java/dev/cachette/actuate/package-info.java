/**
 * The actuator side: the {@code cachette} endpoint (aliases, settings, live statistics,
 * clear, delete a key, invalidate a page) and the {@code cachette} health contributor.
 *
 * <p>
 * Depends on the {@code dev.cachette.cache} packages, {@code dev.cachette.web} and
 * {@code dev.cachette.metrics}.
 */
@NullMarked
package dev.cachette.actuate;

import org.jspecify.annotations.NullMarked;
