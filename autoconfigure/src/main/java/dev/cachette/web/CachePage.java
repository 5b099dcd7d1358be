package dev.cachette.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Caches a controller method's whole response, Django's {@code @cache_page}: status,
 * headers and body as the client received them, whether the method renders a view,
 * returns an object from a {@code @RestController}, or returns a {@code ResponseEntity}.
 * On a hit the method does not run.
 *
 * <pre class="code">
 * &#64;CachePage(timeout = 900)                        // &#64;cache_page(60 * 15)
 * &#64;GetMapping("/articles")
 * String list(Model model) { ... }
 * </pre>
 *
 * <p>
 * The same rules as the per-site cache decide what is stored (GET and HEAD, status 200,
 * not private, no cookies set, ...), and the keys are Django's, so
 * {@link PageCache#getCacheKey} finds the page. A hit is served only after every access
 * check a miss would run: Spring Security's URL rules, the application's interceptors,
 * and method security on the controller ({@code @PreAuthorize} above or below this
 * annotation). A page that depends on its user (its rendering read the session, the
 * signed-in user or a CSRF token) varies on {@code Cookie} without the author saying so;
 * see {@link #shared()}.
 *
 * <p>
 * Stampede protection: concurrent misses of one URL render the page once, the other
 * requests waiting for it (single-flight, on unless {@code singleFlight = false} or
 * {@code cache-middleware.single-flight: false}); with {@code staleWhileRevalidate}, an
 * expired page is served at once while one request renders it again; with
 * {@code staleIfError}, an expired page replaces an exception or a 5xx response:
 *
 * <pre class="code">
 * &#64;CachePage(timeout = 60, staleWhileRevalidate = 30, staleIfError = 300)
 * </pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CachePage {

	/**
	 * Seconds to keep the page; takes precedence over the response's {@code max-age}.
	 * @return the timeout in seconds
	 */
	long timeout();

	/**
	 * The alias to store the page in; empty for {@code default}.
	 * @return the alias
	 */
	String cache() default "";

	/**
	 * The key prefix, to keep pages of several sites apart in one alias.
	 * @return the key prefix
	 */
	String keyPrefix() default "";

	/**
	 * Seconds after the timeout during which the expired page is still served, at once,
	 * while one request renders it again (RFC 5861's {@code stale-while-revalidate}).
	 * @return the window in seconds, 0 for none
	 */
	long staleWhileRevalidate() default 0;

	/**
	 * Seconds after the timeout during which the expired page is served in place of an
	 * exception or a 5xx response (RFC 5861's {@code stale-if-error}).
	 * @return the window in seconds, 0 for none
	 */
	long staleIfError() default 0;

	/**
	 * Whether concurrent misses of one URL render the page once while the others wait for
	 * it (at most the alias's {@code lock-timeout}). Off everywhere with
	 * {@code cache-middleware.single-flight: false}.
	 * @return whether single-flight is on for this view
	 */
	boolean singleFlight() default true;

	/**
	 * Declares the page the same for every user: one entry serves everyone, even when
	 * rendering it read the session or the signed-in user, as a response marked
	 * {@code Cache-Control: public} does. Off by default, so a page that depends on its
	 * user varies on {@code Cookie} (and {@code Authorization}) without the author saying
	 * so. A page holding a CSRF token or setting a cookie is never stored, shared or not.
	 * @return whether one entry serves every user
	 */
	boolean shared() default false;

}
