package dev.cachette.web;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * The Spring MVC side of the view annotations, and the one place a page is served from
 * once its handler is known. Before the handler runs it applies {@link VaryOnHeaders},
 * {@link VaryOnCookie}, {@link CacheControlHeader} and {@link NeverCache} to the response
 * (Django's decorators patch the response after the view; Spring MVC may commit a
 * {@code @ResponseBody} during the handler, so the headers are set first and the
 * handler's own headers are merged or win).
 *
 * <p>
 * One rule decides where a page is served: after every access check a miss would run.
 * This interceptor is registered last, after the application's interceptors; for a
 * handler with no advice it looks a {@link CachePage} method up here, before the method's
 * arguments are resolved, and serves a page a filter left to the handler. For a handler
 * whose proxy has advice (method security), both happen inside that advice instead, in
 * {@link PageCacheAdvice}, last of all. After a handler whose page was served from the
 * cache, it clears the model and view so nothing is rendered over the page.
 */
final class PageCacheInterceptor implements HandlerInterceptor {

	private final Clock clock;

	private final Supplier<PageCaches> pageCaches;

	private final HandlerGuards guards;

	/**
	 * Each handler's annotations, found once: merged-annotation lookups on every request
	 * cost more than serving a cached page.
	 */
	private final Map<Handler, Decorations> decorations = new ConcurrentHashMap<>();

	/**
	 * Creates the interceptor.
	 * @param clock the clock for {@code Expires}
	 * @param pageCaches the page caches of {@link CachePage} methods, asked for at the
	 * first request of such a method (they depend on Spring MVC's locale resolver, which
	 * is made after the interceptors are registered)
	 * @param handlerMappings Spring MVC's handler mappings, to find the application's
	 * interceptors in front of a handler
	 */
	PageCacheInterceptor(Clock clock, Supplier<PageCaches> pageCaches,
			Supplier<? extends Iterable<HandlerMapping>> handlerMappings) {
		this.clock = clock;
		this.pageCaches = pageCaches;
		this.guards = new HandlerGuards(handlerMappings);
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws IOException {
		UserAccess access = UserAccess.of(request);
		if (access != null) {
			access.handling();
		}
		if (!(handler instanceof HandlerMethod method)) {
			return !PageLookup.serveAtHandler(request, response) && guardStore(request);
		}
		Decorations decorations = this.decorations.computeIfAbsent(
				new Handler(method.getBeanType(), method.getMethod()), (key) -> decorationsOf(key, method));
		decorations.apply(response, this.clock);
		PageCache pageCache = decorations.pageCache();
		if (decorations.guard().atHandler()) {
			// Advice guards the method: look it up inside that advice, after it.
			PageRequest.of(request).guard = decorations.guard();
			PageCacheAdvice.lookUpInside(request, method.getMethod(), pageCache);
			return true;
		}
		if (PageLookup.serveAtHandler(request, response)
				|| (pageCache != null && pageCache.fetchAtHandler(request, response))) {
			return false;
		}
		return guardStore(request);
	}

	/**
	 * For a page about to be rendered and stored, leaves on the request whether an
	 * application interceptor runs in front of its handler: then only the handler may
	 * serve the page. Worked out here, while Spring MVC dispatches the request, and only
	 * for a miss.
	 * @return {@code true}, to go on with the handler
	 */
	private boolean guardStore(HttpServletRequest request) {
		if (PageRequest.isStoring(request) && this.guards.intercepted(request)) {
			PageRequest.of(request).guard = HandlerGuard.AT_HANDLER;
		}
		return true;
	}

	private Decorations decorationsOf(Handler handler, HandlerMethod method) {
		CachePage cachePage = handler.method().getAnnotation(CachePage.class);
		return Decorations.of(handler, (cachePage != null) ? this.pageCaches.get().forView(cachePage) : null,
				HandlerGuards.ofAdvice(method));
	}

	@Override
	public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
			@Nullable ModelAndView modelAndView) {
		if (modelAndView != null && PageRequest.isHit(request)) {
			modelAndView.clear();
		}
	}

	/** A handler method as the bean class declares it, for class-level annotations. */
	private record Handler(Class<?> beanType, Method method) {

	}

	/**
	 * What the view annotations of one handler do to its responses.
	 *
	 * @param vary the headers of {@link VaryOnHeaders} and {@link VaryOnCookie}
	 * @param cacheControl the directives of {@link CacheControlHeader}
	 * @param neverCache whether {@link NeverCache} is present
	 * @param pageCache the page cache of its {@link CachePage}, if any
	 * @param guard what the advice on its proxy means for its pages
	 */
	private record Decorations(List<String> vary, Map<String, Object> cacheControl, boolean neverCache,
			@Nullable PageCache pageCache, HandlerGuard guard) {

		static Decorations of(Handler handler, @Nullable PageCache pageCache, HandlerGuard guard) {
			List<String> vary = new ArrayList<>();
			VaryOnHeaders varyOnHeaders = find(handler, VaryOnHeaders.class);
			if (varyOnHeaders != null) {
				vary.addAll(List.of(varyOnHeaders.value()));
			}
			if (find(handler, VaryOnCookie.class) != null) {
				vary.add("Cookie");
			}
			CacheControlHeader cacheControl = find(handler, CacheControlHeader.class);
			return new Decorations(List.copyOf(vary), (cacheControl != null) ? directives(cacheControl) : Map.of(),
					find(handler, NeverCache.class) != null, pageCache, guard);
		}

		void apply(HttpServletResponse response, Clock clock) {
			if (!this.vary.isEmpty()) {
				CacheHeaders.patchVaryHeaders(response, this.vary);
			}
			if (!this.cacheControl.isEmpty()) {
				CacheHeaders.patchCacheControl(response, this.cacheControl);
			}
			if (this.neverCache) {
				CacheHeaders.addNeverCacheHeaders(response, clock);
			}
		}

		private static <A extends Annotation> @Nullable A find(Handler handler, Class<A> type) {
			A onMethod = AnnotatedElementUtils.findMergedAnnotation(handler.method(), type);
			return (onMethod != null) ? onMethod : AnnotatedElementUtils.findMergedAnnotation(handler.beanType(), type);
		}

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
