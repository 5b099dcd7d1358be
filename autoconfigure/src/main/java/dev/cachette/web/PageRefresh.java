package dev.cachette.web;

import java.time.Duration;
import java.util.Objects;

import dev.cachette.cache.Refresh;

/**
 * How a {@link PageCache} keeps a popular page from stampeding: whether concurrent misses
 * of one URL coalesce, how long an expired page is still served while one request renders
 * it again ({@code stale-while-revalidate}) or while rendering it fails
 * ({@code stale-if-error}), and whether a response's own RFC 5861 {@code Cache-Control}
 * directives set those windows for its page.
 *
 * @param singleFlight whether concurrent misses of one URL (one {@code cache_header} key)
 * let a single request render while the others wait for the page it stores, at most the
 * alias's {@code lock-timeout}
 * @param staleWhileRevalidate how long after its timeout a page is served at once while
 * one request renders it again; zero for none
 * @param staleIfError how long after its timeout a page is served in place of an
 * exception or a 5xx response; zero for none
 * @param honorStaleDirectives whether a response's {@code Cache-Control:
 * stale-while-revalidate=N, stale-if-error=M} set the windows of its page, in place of
 * the configured ones
 */
public record PageRefresh(boolean singleFlight, Duration staleWhileRevalidate, Duration staleIfError,
		boolean honorStaleDirectives) {

	private static final PageRefresh DEFAULTS = new PageRefresh(true, Duration.ZERO, Duration.ZERO, false);

	/**
	 * Checks the windows.
	 * @throws IllegalArgumentException if a window is negative
	 */
	public PageRefresh {
		Objects.requireNonNull(staleWhileRevalidate, "staleWhileRevalidate");
		Objects.requireNonNull(staleIfError, "staleIfError");
		if (staleWhileRevalidate.isNegative() || staleIfError.isNegative()) {
			throw new IllegalArgumentException(
					"Stale windows must not be negative (were " + staleWhileRevalidate + " and " + staleIfError + ")");
		}
	}

	/**
	 * Single-flight on, no stale windows, directives ignored: Django's behaviour, without
	 * the stampede.
	 * @return the defaults
	 */
	public static PageRefresh defaults() {
		return DEFAULTS;
	}

	/**
	 * The settings a {@link CachePage} annotation asks for.
	 * @param cachePage the annotation
	 * @return its single-flight switch and stale windows
	 */
	static PageRefresh of(CachePage cachePage) {
		return DEFAULTS.withSingleFlight(cachePage.singleFlight())
			.withWindows(Duration.ofSeconds(cachePage.staleWhileRevalidate()),
					Duration.ofSeconds(cachePage.staleIfError()));
	}

	/**
	 * Returns these settings with other stale windows.
	 * @param staleWhileRevalidate the stale-while-revalidate window
	 * @param staleIfError the stale-if-error window
	 * @return new settings
	 */
	public PageRefresh withWindows(Duration staleWhileRevalidate, Duration staleIfError) {
		return new PageRefresh(this.singleFlight, staleWhileRevalidate, staleIfError, this.honorStaleDirectives);
	}

	/**
	 * Returns these settings with the windows of a {@link Refresh}, the settings
	 * {@code getOrSet} takes; its early-recompute and jitter settings do not apply to
	 * pages.
	 * @param refresh the windows
	 * @return new settings
	 */
	public PageRefresh withWindows(Refresh refresh) {
		return withWindows(refresh.staleWhileRevalidate(), refresh.staleIfError());
	}

	/**
	 * Returns these settings with single-flight on or off.
	 * @param singleFlight whether concurrent misses coalesce
	 * @return new settings
	 */
	public PageRefresh withSingleFlight(boolean singleFlight) {
		return new PageRefresh(singleFlight, this.staleWhileRevalidate, this.staleIfError, this.honorStaleDirectives);
	}

}
