package dev.cachette.web;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.reflect.MethodSignature;
import org.jspecify.annotations.Nullable;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Serves {@link CachePage} methods from the cache: Django's {@code cache_page}, whose
 * fetch half runs here and whose store half runs in {@link UpdateCacheFilter} once the
 * view has rendered. On a hit it writes the cached page and returns {@code null} without
 * running the method; {@link PageCacheInterceptor} then stops Spring MVC from rendering a
 * view over it.
 */
@Aspect
public final class CachePageAspect {

	private final PageCaches pageCaches;

	/** Each annotated method's page cache, looked up once rather than on every hit. */
	private final Map<Method, PageCache> byMethod = new ConcurrentHashMap<>();

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
		PageCache pageCache = this.byMethod.computeIfAbsent(((MethodSignature) joinPoint.getSignature()).getMethod(),
				(method) -> this.pageCaches.forView(cachePage.cache(), cachePage.keyPrefix(),
						Duration.ofSeconds(cachePage.timeout()), refresh(cachePage)));
		if (pageCache.fetch(request, response)) {
			return null;
		}
		return joinPoint.proceed();
	}

	private static PageRefresh refresh(CachePage cachePage) {
		return PageRefresh.defaults()
			.withSingleFlight(cachePage.singleFlight())
			.withWindows(Duration.ofSeconds(cachePage.staleWhileRevalidate()),
					Duration.ofSeconds(cachePage.staleIfError()));
	}

}
