package dev.cachette.web;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import org.aopalliance.aop.Advice;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.Advisor;
import org.springframework.aop.PointcutAdvisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.interceptor.ExposeInvocationInterceptor;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.handler.ConversionServiceExposingInterceptor;
import org.springframework.web.servlet.resource.ResourceUrlProviderExposingInterceptor;

/**
 * Finds what checks access in front of a handler, so that a cached page is served only
 * after every check a miss would run: the application's {@link HandlerInterceptor}s, and
 * advice on the controller's proxy (Spring Security's method security, or any other
 * advice). {@link HandlerAdvisorPostProcessor} puts the page cache's own advice last on
 * such a proxy, inside every other; a handler with advice that Cachette could not get
 * inside, or whose access check looks at what the method returns ({@code @PostAuthorize},
 * {@code @PostFilter}), never has its pages stored.
 */
final class HandlerGuards {

	/** Spring MVC's own interceptors, which expose helpers and check nothing. */
	private static final Set<Class<?>> INFRASTRUCTURE = Set.of(ConversionServiceExposingInterceptor.class,
			ResourceUrlProviderExposingInterceptor.class, PageCacheInterceptor.class);

	/** Spring Security's advice that decides after the method, on what it returned. */
	private static final Set<String> CHECKED_AFTER = Set.of(
			"org.springframework.security.authorization.method.AuthorizationManagerAfterMethodInterceptor",
			"org.springframework.security.authorization.method.PostFilterAuthorizationMethodInterceptor");

	/**
	 * Spring Security's annotations whose checks decide on, or wrap, what the method
	 * returns; a cached page returns nothing.
	 */
	private static final List<Class<? extends Annotation>> CHECKED_AFTER_ANNOTATIONS = Stream
		.of("org.springframework.security.access.prepost.PostAuthorize",
				"org.springframework.security.access.prepost.PostFilter",
				"org.springframework.security.authorization.method.AuthorizeReturnObject")
		.<Class<? extends Annotation>>map(HandlerGuards::annotation)
		.filter((type) -> type != null)
		.toList();

	private final Supplier<? extends Iterable<HandlerMapping>> handlerMappings;

	HandlerGuards(Supplier<? extends Iterable<HandlerMapping>> handlerMappings) {
		this.handlerMappings = handlerMappings;
	}

	/**
	 * What the advice on a handler's proxy means for its pages.
	 * @param handler the handler method, its bean resolved
	 * @return whether the page cache's advice must serve its pages, and why its pages
	 * must not be stored, if so
	 */
	static HandlerGuard ofAdvice(HandlerMethod handler) {
		if (!(handler.getBean() instanceof Advised advised)) {
			return HandlerGuard.NONE;
		}
		List<Advisor> applying = applying(advised, handler.getMethod(), AopUtils.getTargetClass(handler.getBean()));
		if (applying.isEmpty()) {
			return HandlerGuard.NONE;
		}
		String after = checkedAfter(applying, handler.getMethod(), AopUtils.getTargetClass(handler.getBean()));
		if (after != null) {
			return new HandlerGuard(true, "checked-after-handler");
		}
		boolean inside = List.of(advised.getAdvisors()).contains(PageCacheAdvice.ADVISOR);
		return new HandlerGuard(true, inside ? null : "advised-handler");
	}

	/**
	 * The advisors of a proxy, other than Spring's own plumbing and Cachette's, that
	 * apply to a method.
	 */
	static List<Advisor> applying(Advised advised, Method method, Class<?> targetClass) {
		List<Advisor> applying = new ArrayList<>();
		for (Advisor advisor : advised.getAdvisors()) {
			Advice advice = advisor.getAdvice();
			if (advisor == PageCacheAdvice.ADVISOR || advice == ExposeInvocationInterceptor.INSTANCE) {
				continue;
			}
			if (!(advisor instanceof PointcutAdvisor pointcutAdvisor)
					|| (pointcutAdvisor.getPointcut().getClassFilter().matches(targetClass)
							&& pointcutAdvisor.getPointcut().getMethodMatcher().matches(method, targetClass))) {
				applying.add(advisor);
			}
		}
		return applying;
	}

	/**
	 * The name of the check among these advice that decides after the method returns, or
	 * {@code null}. Spring Security's annotations for such checks on the method or its
	 * class count whenever some advice applies, since {@code @EnableMethodSecurity} hides
	 * its interceptors behind a wrapper.
	 */
	static @Nullable String checkedAfter(List<Advisor> advisors, Method method, Class<?> targetClass) {
		if (advisors.isEmpty()) {
			return null;
		}
		for (Class<? extends Annotation> annotation : CHECKED_AFTER_ANNOTATIONS) {
			if (AnnotatedElementUtils.hasAnnotation(method, annotation)
					|| AnnotatedElementUtils.hasAnnotation(targetClass, annotation)) {
				return "@" + annotation.getSimpleName();
			}
		}
		for (Advisor advisor : advisors) {
			Advice advice = advisor.getAdvice();
			for (Class<?> type = advice.getClass(); type != null; type = type.getSuperclass()) {
				if (CHECKED_AFTER.contains(type.getName())) {
					return type.getSimpleName();
				}
			}
		}
		return null;
	}

	/** An annotation class, or {@code null} when its library is not on the classpath. */
	@SuppressWarnings("unchecked")
	private static @Nullable Class<? extends Annotation> annotation(String name) {
		try {
			return (Class<? extends Annotation>) ClassUtils.forName(name, HandlerGuards.class.getClassLoader());
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return null;
		}
	}

	/**
	 * Whether an application interceptor runs in front of the request's handler. Asks the
	 * handler mappings again for the request's chain, which costs a lookup: called only
	 * for a page about to be rendered and stored.
	 * @param request the request, while Spring MVC dispatches it
	 * @return whether one does (or the chain could not be found: then assume one does)
	 */
	boolean intercepted(HttpServletRequest request) {
		try {
			for (HandlerMapping mapping : this.handlerMappings.get()) {
				HandlerExecutionChain chain = mapping.getHandler(request);
				if (chain != null) {
					return chain.getInterceptorList()
						.stream()
						.anyMatch((interceptor) -> !INFRASTRUCTURE.contains(interceptor.getClass())
								&& !(interceptor instanceof NonGuardingInterceptor));
				}
			}
			return false;
		}
		catch (Exception ex) {
			return true;
		}
	}

}
