package dev.cachette.web;

import java.lang.reflect.Method;
import java.util.List;

import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Controller;
import org.springframework.util.ReflectionUtils;

/**
 * Puts the page cache's advice ({@link PageCacheAdvice}) last on every controller proxy
 * that has other advice, so that a cached page is served only once that advice (method
 * security above all) has let the call through. Runs after Spring's auto-proxy creators,
 * which are ordered first.
 *
 * <p>
 * Refuses to start, naming the method, when a {@link CachePage} method's access check
 * decides on what the method returns ({@code @PostAuthorize}, {@code @PostFilter}): a
 * cached page returns nothing to decide on, so no order of advice can make it safe.
 */
public final class HandlerAdvisorPostProcessor implements BeanPostProcessor, Ordered {

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof Advised advised)) {
			return bean;
		}
		Class<?> type = AopUtils.getTargetClass(bean);
		if (!AnnotatedElementUtils.hasAnnotation(type, Controller.class)) {
			return bean;
		}
		boolean advisedElsewhere = false;
		for (Method method : ReflectionUtils.getUniqueDeclaredMethods(type, ReflectionUtils.USER_DECLARED_METHODS)) {
			List<Advisor> applying = HandlerGuards.applying(advised, method, type);
			advisedElsewhere |= !applying.isEmpty();
			String after = HandlerGuards.checkedAfter(applying, method, type);
			if (after != null && AnnotatedElementUtils.hasAnnotation(method, CachePage.class)) {
				throw new BeanCreationException(beanName,
						"@CachePage on " + type.getName() + "." + method.getName()
								+ " cannot be served safely: its access check (" + after
								+ ") decides on what the method returns, and a cached page returns nothing. "
								+ "Check access before the method (@PreAuthorize) or remove @CachePage.");
			}
		}
		if (advisedElsewhere && !List.of(advised.getAdvisors()).contains(PageCacheAdvice.ADVISOR)) {
			if (advised.isFrozen()) {
				// Its pages are never stored (HandlerGuards): nothing could serve them
				// safely.
				return bean;
			}
			advised.addAdvisor(PageCacheAdvice.ADVISOR);
		}
		return bean;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
