/**
 * Micrometer meters for every layer: the standard {@code cache.*} meters per alias, the
 * page cache's and the fragment cache's requests, and hit ratios. The public entry points
 * are {@link dev.cachette.metrics.CachetteCacheMetrics} (one alias, as Micrometer's
 * {@code CaffeineCacheMetrics}) and {@link dev.cachette.metrics.CachetteMeterBinders}
 * (every alias and layer); the per-layer binders are internal.
 * {@link dev.cachette.metrics.FragmentCacheStatistics} is plain Java, for the Thymeleaf
 * dialect to count with or without Micrometer.
 *
 * <p>
 * Depends on the {@code dev.cachette.cache} packages and {@code dev.cachette.web}.
 */
@NullMarked
package dev.cachette.metrics;

import org.jspecify.annotations.NullMarked;
