package dev.cachette.web;

import java.lang.reflect.Method;
import java.util.Arrays;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Serves a cached page from inside a controller's proxy, after every other advice on it
 * (Spring Security's {@code @PreAuthorize}, {@code @Secured}, {@code @RolesAllowed}, a
 * custom {@code AuthorizationManager}, any aspect) has let the call through. Only a call
 * that {@link PageCacheInterceptor} marked is looked up: the request's handler method;
 * every other call proceeds untouched. On a hit the method does not run and returns
 * {@code null}, and the interceptor's {@code postHandle} stops Spring MVC from rendering
 * a view over the page.
 */
final class PageCacheAdvice implements MethodInterceptor {

	/**
	 * The advisor {@link HandlerAdvisorPostProcessor} puts last on a controller's proxy.
	 */
	static final Advisor ADVISOR = new DefaultPointcutAdvisor(new PageCacheAdvice());

	private PageCacheAdvice() {
	}

	/**
	 * Marks a request so that its handler's call is looked up here.
	 * @param request the request
	 * @param handler the handler method
	 * @param pageCache the {@code @CachePage} cache to look the request up in, or
	 * {@code null} to serve the page a filter left to the handler
	 */
	static void lookUpInside(HttpServletRequest request, Method handler, @Nullable PageCache pageCache) {
		PageRequest.of(request).inside = new Lookup(handler, pageCache);
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
				&& attributes.getResponse() != null) {
			HttpServletRequest request = attributes.getRequest();
			PageRequest page = PageRequest.find(request);
			Lookup lookup = (page != null) ? page.inside : null;
			if (lookup != null && lookup.isFor(invocation.getMethod())) {
				page.inside = null;
				if (lookup.serve(request, attributes.getResponse())) {
					return null;
				}
			}
		}
		return invocation.proceed();
	}

	/**
	 * A marked handler call.
	 *
	 * @param handler the handler method
	 * @param pageCache its {@code @CachePage} cache, or {@code null}
	 */
	record Lookup(Method handler, @Nullable PageCache pageCache) {

		boolean isFor(Method invoked) {
			return invoked.equals(this.handler) || (invoked.getName().equals(this.handler.getName())
					&& Arrays.equals(invoked.getParameterTypes(), this.handler.getParameterTypes()));
		}

		boolean serve(HttpServletRequest request, HttpServletResponse response) throws java.io.IOException {
			return (this.pageCache != null) ? this.pageCache.fetchAtHandler(request, response)
					: PageLookup.serveAtHandler(request, response);
		}

	}

}
