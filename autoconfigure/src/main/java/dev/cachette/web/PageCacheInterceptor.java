package dev.cachette.web;

import java.lang.annotation.Annotation;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;

/**
 * The Spring MVC side of the view annotations. Before the handler runs it applies
 * {@link VaryOnHeaders}, {@link VaryOnCookie}, {@link CacheControlHeader} and
 * {@link NeverCache} to the response (Django's decorators patch the response after the
 * view; Spring MVC may commit a {@code @ResponseBody} during the handler, so the headers
 * are set first and the handler's own headers are merged or win). After a handler whose
 * page {@link CachePageAspect} served from the cache, it clears the model and view so
 * nothing is rendered over the cached page.
 */
public final class PageCacheInterceptor implements HandlerInterceptor {

	private final Clock clock;

	/**
	 * Creates the interceptor.
	 * @param clock the clock for {@code Expires}
	 */
	public PageCacheInterceptor(Clock clock) {
		this.clock = clock;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (!(handler instanceof HandlerMethod method)) {
			return true;
		}
		VaryOnHeaders varyOnHeaders = find(method, VaryOnHeaders.class);
		if (varyOnHeaders != null) {
			CacheHeaders.patchVaryHeaders(response, List.of(varyOnHeaders.value()));
		}
		if (find(method, VaryOnCookie.class) != null) {
			CacheHeaders.patchVaryHeaders(response, List.of("Cookie"));
		}
		CacheControlHeader cacheControl = find(method, CacheControlHeader.class);
		if (cacheControl != null) {
			CacheHeaders.patchCacheControl(response, directives(cacheControl));
		}
		if (find(method, NeverCache.class) != null) {
			CacheHeaders.addNeverCacheHeaders(response, this.clock);
		}
		return true;
	}

	@Override
	public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
			@Nullable ModelAndView modelAndView) {
		if (modelAndView != null && request.getAttribute(PageCache.HIT_ATTRIBUTE) != null) {
			modelAndView.clear();
		}
	}

	private static <A extends Annotation> @Nullable A find(HandlerMethod method, Class<A> type) {
		A onMethod = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), type);
		return (onMethod != null) ? onMethod : AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), type);
	}

	static Map<String, Object> directives(CacheControlHeader annotation) {
		Map<String, Object> directives = new LinkedHashMap<>();
		flag(directives, "public", annotation.isPublic());
		flag(directives, "private", annotation.isPrivate());
		flag(directives, "no-cache", annotation.noCache());
		flag(directives, "no-store", annotation.noStore());
		flag(directives, "no-transform", annotation.noTransform());
		flag(directives, "must-revalidate", annotation.mustRevalidate());
		flag(directives, "proxy-revalidate", annotation.proxyRevalidate());
		flag(directives, "immutable", annotation.immutable());
		seconds(directives, "max-age", annotation.maxAge());
		seconds(directives, "s-maxage", annotation.sMaxAge());
		seconds(directives, "stale-while-revalidate", annotation.staleWhileRevalidate());
		seconds(directives, "stale-if-error", annotation.staleIfError());
		return directives;
	}

	private static void flag(Map<String, Object> directives, String name, boolean set) {
		if (set) {
			directives.put(name, CacheHeaders.FLAG);
		}
	}

	private static void seconds(Map<String, Object> directives, String name, long value) {
		if (value != CacheControlHeader.UNSET) {
			directives.put(name, value);
		}
	}

}
