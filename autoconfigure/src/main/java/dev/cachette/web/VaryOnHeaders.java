package dev.cachette.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Adds request header names to the response's {@code Vary}, Django's
 * {@code @vary_on_headers}: the page cache then keeps one page per value of each. On a
 * method or a controller class.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface VaryOnHeaders {

	/**
	 * The header names.
	 * @return the names
	 */
	String[] value();

}
