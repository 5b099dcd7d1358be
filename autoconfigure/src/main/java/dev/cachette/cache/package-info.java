/**
 * Cachette's low-level cache API: Django's {@code django.core.cache}.
 *
 * <p>
 * {@link dev.cachette.cache.Cache} is one alias, {@link dev.cachette.cache.Caches} the
 * registry of aliases, {@link dev.cachette.cache.BaseCache} the semantics every backend
 * shares, {@link dev.cachette.cache.Serializer} the serialization SPI. Backends live in
 * {@code dev.cachette.cache.backend.*}, one package each.
 */
@NullMarked
package dev.cachette.cache;

import org.jspecify.annotations.NullMarked;
