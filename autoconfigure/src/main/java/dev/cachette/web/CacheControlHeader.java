package dev.cachette.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Adds directives to the response's {@code Cache-Control}, Django's
 * {@code @cache_control} (merged as {@code patch_cache_control} does). Named so as not to
 * clash with Spring's {@code org.springframework.http.CacheControl}. On a method or a
 * controller class.
 *
 * <pre class="code">
 * &#64;CacheControlHeader(maxAge = 3600, isPrivate = true)
 * </pre>
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CacheControlHeader {

	/** Unset numeric directive. */
	long UNSET = -1;

	/**
	 * {@code public}.
	 * @return whether to add it
	 */
	boolean isPublic() default false;

	/**
	 * {@code private}.
	 * @return whether to add it
	 */
	boolean isPrivate() default false;

	/**
	 * {@code no-cache}.
	 * @return whether to add it
	 */
	boolean noCache() default false;

	/**
	 * {@code no-store}.
	 * @return whether to add it
	 */
	boolean noStore() default false;

	/**
	 * {@code no-transform}.
	 * @return whether to add it
	 */
	boolean noTransform() default false;

	/**
	 * {@code must-revalidate}.
	 * @return whether to add it
	 */
	boolean mustRevalidate() default false;

	/**
	 * {@code proxy-revalidate}.
	 * @return whether to add it
	 */
	boolean proxyRevalidate() default false;

	/**
	 * {@code immutable}.
	 * @return whether to add it
	 */
	boolean immutable() default false;

	/**
	 * {@code max-age}, seconds.
	 * @return the value, or {@link #UNSET}
	 */
	long maxAge() default UNSET;

	/**
	 * {@code s-maxage}, seconds.
	 * @return the value, or {@link #UNSET}
	 */
	long sMaxAge() default UNSET;

	/**
	 * {@code stale-while-revalidate}, seconds (RFC 5861).
	 * @return the value, or {@link #UNSET}
	 */
	long staleWhileRevalidate() default UNSET;

	/**
	 * {@code stale-if-error}, seconds (RFC 5861).
	 * @return the value, or {@link #UNSET}
	 */
	long staleIfError() default UNSET;

}
