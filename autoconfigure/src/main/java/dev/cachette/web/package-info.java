/**
 * Page caching for Spring MVC: Django's cache middleware, {@code cache_page}, the
 * {@code vary_on_*}, {@code cache_control} and {@code never_cache} decorators, and
 * {@code django.utils.cache}.
 */
@NullMarked
package dev.cachette.web;

import org.jspecify.annotations.NullMarked;
