/**
 * The one revalidation and stampede flow, for {@code getOrSet}, pages and fragments:
 * {@link dev.cachette.cache.revalidation.Revalidation} (fresh, stale-while-revalidate,
 * stale-if-error, who recomputes), the alias's single-flight and distributed lease in
 * {@link dev.cachette.cache.revalidation.RefreshingLoader}, one envelope format, and the
 * counters of every layer, {@link dev.cachette.cache.revalidation.StampedeStatistics}.
 *
 * <p>
 * It reaches a backend only through the
 * {@link dev.cachette.cache.revalidation.RevalidationStore} SPI, which {@code BaseCache}
 * implements, and any other {@code Cache} through its {@code lock()}; so it never depends
 * on the backends. Depends on {@code dev.cachette.cache},
 * {@code dev.cachette.cache.settings} and {@code dev.cachette.cache.resilience}.
 */
@NullMarked
package dev.cachette.cache.revalidation;

import org.jspecify.annotations.NullMarked;
