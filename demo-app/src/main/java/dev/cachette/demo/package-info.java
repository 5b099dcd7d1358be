/**
 * Cachette's demo application: a news site on H2 and local memory that uses each layer of
 * the cache framework, one page per layer.
 */
@NullMarked
package dev.cachette.demo;

import org.jspecify.annotations.NullMarked;
