package dev.cachette.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a response as never to be cached, by this application or anyone downstream,
 * Django's {@code @never_cache}: {@code Expires} now and
 * {@code Cache-Control: max-age=0, no-cache, no-store, must-revalidate, private}. On a
 * method or a controller class.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface NeverCache {

}
