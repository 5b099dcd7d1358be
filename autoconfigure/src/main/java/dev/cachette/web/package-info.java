/**
 * Page caching for Spring MVC: Django's cache middleware, {@code cache_page}, the
 * {@code vary_on_*}, {@code cache_control} and {@code never_cache} decorators, and
 * {@code django.utils.cache}.
 *
 * <p>
 * Depends on the {@code dev.cachette.cache} packages (the API, the revalidation flow, the
 * circuit breaker, and {@code BaseCache} to tell a cache with a breaker of its own);
 * nothing beneath it depends on it.
 */
@NullMarked
package dev.cachette.web;

import org.jspecify.annotations.NullMarked;
