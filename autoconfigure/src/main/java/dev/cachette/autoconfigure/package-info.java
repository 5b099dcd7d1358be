/**
 * Spring Boot auto-configuration for Cachette: aliases from {@code caches:}, the built-in
 * backends, and the settings of the per-site cache.
 */
@NullMarked
package dev.cachette.autoconfigure;

import org.jspecify.annotations.NullMarked;
