/**
 * Spring's cache abstraction on Cachette's aliases: {@code @Cacheable("default")} stores
 * in the {@code default} alias.
 *
 * <p>
 * Depends on the {@code dev.cachette.cache} packages.
 */
@NullMarked
package dev.cachette.springcache;

import org.jspecify.annotations.NullMarked;
