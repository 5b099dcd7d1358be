/**
 * Thymeleaf's counterpart of Django's {@code {% cache %}} template tag: the
 * {@link dev.cachette.thymeleaf.CacheDialect} ({@code cache:fragment} and
 * {@code th:cache}) and its auto-configuration.
 *
 * <p>
 * Depends on the autoconfigure module's packages (the API, the revalidation flow, the web
 * layer, the fragment counters and, for ordering, the auto-configuration).
 */
@NullMarked
package dev.cachette.thymeleaf;

import org.jspecify.annotations.NullMarked;
