package dev.cachette.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.jspecify.annotations.Nullable;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Serves {@link CachePage} methods from the cache: Django's {@code cache_page}, whose
 * fetch half runs here and whose store half runs in {@link UpdateCacheFilter} once the
 * view has rendered. On a hit it writes the cached page and returns {@code null} without
 * running the method; {@link PageCacheInterceptor} then stops Spring MVC from rendering a
 * view over it. A fresh page is usually served earlier, by that interceptor before the
 * method's arguments are resolved; what reaches this aspect is a miss, a stale page, or a
 * request that waited for another one rendering the same page.
 */
@Aspect
public final class CachePageAspect {

	private final PageCaches pageCaches;

	/**
	 * Creates the aspect.
	 * @param pageCaches where the pages are kept
	 */
	public CachePageAspect(PageCaches pageCaches) {
		this.pageCaches = pageCaches;
	}

	/**
	 * Serves the page from the cache, or runs the method and marks the response to be
	 * stored.
	 * @param joinPoint the controller method
	 * @param cachePage its annotation
	 * @return the method's result, or {@code null} on a hit
	 * @throws Throwable whatever the method throws
	 */
	@Around("@annotation(cachePage)")
	public @Nullable Object cachePage(ProceedingJoinPoint joinPoint, CachePage cachePage) throws Throwable {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (!(attributes instanceof ServletRequestAttributes servlet) || servlet.getResponse() == null) {
			return joinPoint.proceed();
		}
		HttpServletRequest request = servlet.getRequest();
		HttpServletResponse response = servlet.getResponse();
		if (this.pageCaches.forView(cachePage).fetch(request, response)) {
			return null;
		}
		return joinPoint.proceed();
	}

}
