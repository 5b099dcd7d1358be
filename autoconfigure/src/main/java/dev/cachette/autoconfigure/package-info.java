/**
 * Spring Boot auto-configuration for Cachette: aliases from {@code caches:}, the built-in
 * backends, and the settings of the per-site cache.
 *
 * <p>
 * The top of the module: depends on every other Cachette package in it; none depends on
 * it.
 */
@NullMarked
package dev.cachette.autoconfigure;

import org.jspecify.annotations.NullMarked;
