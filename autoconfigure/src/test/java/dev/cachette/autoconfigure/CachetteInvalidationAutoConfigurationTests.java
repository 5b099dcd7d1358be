package dev.cachette.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcAutoConfiguration;
import org.springframework.test.web.servlet.MockMvc;

import dev.cachette.invalidation.CacheNamespaces;
import dev.cachette.invalidation.PageInvalidator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * Wiring of {@link CachetteInvalidationAutoConfiguration}'s web beans: the
 * {@link PageInvalidator} over Spring MVC's page cache and the request's base URL,
 * present in a servlet web application, absent without the page cache or the servlet API,
 * and giving way to the application's own. The busts and warming themselves are tested in
 * {@code dev.cachette.invalidation}.
 */
class CachetteInvalidationAutoConfigurationTests {

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(CachetteAutoConfiguration.class,
			DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class, CachetteWebAutoConfiguration.class,
			CachetteInvalidationAutoConfiguration.class);

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(CONFIGURATIONS)
		.withPropertyValues("caches.default.location=invalidation-autoconfig-tests");

	@Test
	void withThePageCache_thePageInvalidatorRemovesAStoredPage() {
		this.runner.withConfiguration(AutoConfigurations.of(MockMvcAutoConfiguration.class))
			.withUserConfiguration(CountingController.class)
			.withPropertyValues("cache-middleware.enabled=true")
			.run((context) -> {
				MockMvc mvc = context.getBean(MockMvc.class);
				CountingController controller = context.getBean(CountingController.class);
				mvc.perform(get("/page"));
				mvc.perform(get("/page"));
				assertThat(controller.calls()).isEqualTo(1);
				assertThat(context.getBean(PageInvalidator.class).invalidatePage("http://localhost/page")).isPositive();
				mvc.perform(get("/page"));
				assertThat(controller.calls()).isEqualTo(2);
			});
	}

	@Test
	void inAServletWebApplication_theRequestsBaseUrlIsABean() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(ServletRequestBaseUrl.class)
			.hasSingleBean(CacheNamespaces.class));
	}

	@Test
	void theApplicationsOwnPageInvalidatorWins() {
		PageInvalidator own = (url) -> 0;
		this.runner.withBean(PageInvalidator.class, () -> own)
			.run((context) -> assertThat(context).getBean(PageInvalidator.class).isSameAs(own));
	}

	@Test
	void withoutTheServletApi_noWebBeans() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(CachetteAutoConfiguration.class, CachetteInvalidationAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("jakarta.servlet"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(CacheNamespaces.class)
				.doesNotHaveBean(PageInvalidator.class)
				.doesNotHaveBean(ServletRequestBaseUrl.class));
	}

	@Test
	void notAWebApplication_noPageInvalidator() {
		new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(CacheNamespaces.class)
				.doesNotHaveBean(PageInvalidator.class));
	}

	@Test
	void reactiveWebApplication_noPageInvalidator() {
		new ReactiveWebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(CacheNamespaces.class)
				.doesNotHaveBean(PageInvalidator.class));
	}

}
