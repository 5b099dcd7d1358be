package dev.cachette.web;

import org.springframework.web.servlet.HandlerInterceptor;

/**
 * A {@link HandlerInterceptor} that never refuses a request nor changes what a page
 * shows: it observes, times or cleans up. The page cache serves a page whose handler has
 * application interceptors only once they have run, since any of them may check access;
 * an interceptor marked with this interface is known not to, so a page cached by the
 * per-site cache or a URL pattern is still served by the page cache's filter, before
 * Spring MVC, when it is the only interceptor in front of the handler.
 */
public interface NonGuardingInterceptor extends HandlerInterceptor {

}
