/**
 * Thymeleaf's counterpart of Django's {@code {% cache %}} template tag: the
 * {@link dev.cachette.thymeleaf.CacheDialect} ({@code cache:fragment} and
 * {@code th:cache}) and its auto-configuration.
 */
@NullMarked
package dev.cachette.thymeleaf;

import org.jspecify.annotations.NullMarked;
