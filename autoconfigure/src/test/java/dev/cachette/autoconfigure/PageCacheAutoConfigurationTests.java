package dev.cachette.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;

import dev.cachette.web.FetchFromCacheFilter;
import dev.cachette.web.HandlerAdvisorPostProcessor;
import dev.cachette.web.PageCaches;
import dev.cachette.web.UpdateCacheFilter;
import dev.cachette.web.UserAccessFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wiring of {@link PageCacheAutoConfiguration} in a servlet web application: the filters
 * in Django's middleware order around Spring Security's chain, the advice that serves
 * pages after method security, and the cooperation with Spring Security's headers, which
 * backs off without Spring Security.
 */
class PageCacheAutoConfigurationTests {

	/**
	 * Spring Security's default filter chain order
	 * ({@code spring.security.filter.order}).
	 */
	private static final int SECURITY_ORDER = -100;

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachetteAutoConfiguration.class, WebMvcAutoConfiguration.class,
				PageCacheAutoConfiguration.class))
		.withPropertyValues("caches.default.location=page-cache-autoconfig");

	@Test
	void filtersSurroundSpringSecuritysChainAsDjangosMiddleware() {
		this.runner.run((context) -> {
			int update = order(context.getBeansOfType(FilterRegistrationBean.class), UpdateCacheFilter.class);
			int access = order(context.getBeansOfType(FilterRegistrationBean.class), UserAccessFilter.class);
			int fetch = order(context.getBeansOfType(FilterRegistrationBean.class), FetchFromCacheFilter.class);
			assertThat(update).isLessThan(Integer.MIN_VALUE + 50);
			assertThat(access).isGreaterThan(Integer.MIN_VALUE + 50).isLessThan(SECURITY_ORDER);
			assertThat(fetch).isGreaterThan(SECURITY_ORDER);
		});
	}

	@Test
	void userAccessFilterStaysAboveAMovedSecurityChain() {
		this.runner.withPropertyValues("spring.security.filter.order=-500")
			.run((context) -> assertThat(
					order(context.getBeansOfType(FilterRegistrationBean.class), UserAccessFilter.class))
				.isLessThan(-500));
	}

	@Test
	void pagesAreServedAfterMethodSecurity() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(HandlerAdvisorPostProcessor.class).hasSingleBean(PageCaches.class);
		});
	}

	@Test
	void springSecuritysHeaderWriterGivesWayToStoredPages() {
		this.runner.run((context) -> assertThat(context).hasBean("cachettePageCacheHeaders")
			.getBean("cachettePageCacheHeaders")
			.isInstanceOf(Customizer.class));
	}

	@Test
	void backsOffFromSpringSecurityWithoutIt() {
		this.runner.withClassLoader(new FilteredClassLoader(HttpSecurity.class))
			.run((context) -> assertThat(context).doesNotHaveBean("cachettePageCacheHeaders")
				.hasSingleBean(PageCaches.class));
	}

	@Test
	void largestStoredPageIsConfigurable() {
		this.runner.withPropertyValues("cache-middleware.max-page-size=64KB")
			.run((context) -> assertThat(
					context.getBean(CacheMiddlewareProperties.class).getMaxPageSize().toKilobytes())
				.isEqualTo(64));
	}

	@SuppressWarnings("rawtypes")
	private static int order(Map<String, FilterRegistrationBean> registrations, Class<?> filterType) {
		return registrations.values()
			.stream()
			.filter((registration) -> filterType.isInstance(registration.getFilter()))
			.findFirst()
			.orElseThrow()
			.getOrder();
	}

}
