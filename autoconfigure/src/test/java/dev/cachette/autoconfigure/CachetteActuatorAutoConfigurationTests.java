package dev.cachette.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcAutoConfiguration;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

import dev.cachette.actuate.CachetteEndpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * Wiring of {@link CachetteActuatorAutoConfiguration}: the endpoint and the health
 * contributor, the back-off of each without its library, and, in a servlet web
 * application with the page cache, page invalidation for the endpoint and the filter that
 * keeps actuator responses out of the per-site cache.
 */
class CachetteActuatorAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachetteAutoConfiguration.class,
				CachetteActuatorAutoConfiguration.class, EndpointAutoConfiguration.class))
		.withPropertyValues("caches.default.location=actuator-autoconfig-tests",
				"management.endpoints.web.exposure.include=cachette");

	private final WebApplicationContextRunner webRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachetteAutoConfiguration.class,
				DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class,
				CachetteWebAutoConfiguration.class, CachetteActuatorAutoConfiguration.class,
				EndpointAutoConfiguration.class, MockMvcAutoConfiguration.class))
		.withUserConfiguration(CountingController.class)
		.withPropertyValues("caches.default.location=actuator-autoconfig-web-tests", "cache-middleware.enabled=true",
				"management.endpoints.web.exposure.include=cachette");

	@Test
	void healthIsUpForLocMem() {
		this.runner.run((context) -> {
			HealthContributor contributor = context.getBean("cachetteHealthContributor", HealthContributor.class);
			assertThat(contributor).isInstanceOf(CompositeHealthContributor.class);
			HealthIndicator indicator = (HealthIndicator) ((CompositeHealthContributor) contributor)
				.getContributor("default");
			assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
			assertThat(indicator.health().getDetails()).containsEntry("backend", "locmem").containsKey("time");
		});
	}

	@Test
	void endpointNeedsExposure() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).doesNotHaveBean(CachetteEndpoint.class));
		this.runner.run((context) -> assertThat(context).hasSingleBean(CachetteEndpoint.class));
	}

	@Test
	void healthCanBeTurnedOff() {
		this.runner.withPropertyValues("management.health.cachette.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("cachetteHealthContributor"));
	}

	@Test
	void endpointAndHealthNeedNoMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader("io.micrometer"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(CachetteEndpoint.class)
				.hasBean("cachetteHealthContributor"));
	}

	@Test
	void backsOffWithoutTheActuator() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(CachetteAutoConfiguration.class, CachetteActuatorAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(CachetteEndpoint.class);
				assertThat(context).hasBean("cachetteHealthContributor");
			});
	}

	@Test
	void backsOffWithoutHealth() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health")).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean("cachetteHealthContributor");
		});
	}

	@Test
	void nothingWithoutCaches() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(CachetteActuatorAutoConfiguration.class, EndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=cachette")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(CachetteEndpoint.class)
				.doesNotHaveBean("cachetteHealthContributor"));
	}

	@Test
	void notAWebApplication_theEndpointHasNoPageInvalidationAndNoFilterIsRegistered() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
			assertThatExceptionOfType(RuntimeException.class)
				.isThrownBy(() -> context.getBean(CachetteEndpoint.class).invalidatePage("http://localhost/page"))
				.withMessageContaining("There is no page cache");
		});
	}

	@Test
	void reactiveWebApplication_noServletFilter() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(CachetteAutoConfiguration.class, CachetteWebAutoConfiguration.class,
							CachetteActuatorAutoConfiguration.class, EndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=cachette")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(CachetteEndpoint.class)
				.doesNotHaveBean(FilterRegistrationBean.class));
	}

	@Test
	void withThePageCache_theEndpointInvalidatesAStoredPage() {
		this.webRunner.run((context) -> {
			MockMvc mvc = context.getBean(MockMvc.class);
			mvc.perform(get("/page"));
			mvc.perform(get("/page"));
			assertThat(context.getBean(CountingController.class).calls()).isEqualTo(1);
			assertThat(context.getBean(CachetteEndpoint.class).invalidatePage("http://localhost/page"))
				.containsEntry("removed", 2);
			mvc.perform(get("/page"));
			assertThat(context.getBean(CountingController.class).calls()).isEqualTo(2);
		});
	}

	@Test
	void actuatorResponsesAreNeverStoredByTheSiteCache() {
		this.webRunner.run((context) -> {
			MockMvc mvc = context.getBean(MockMvc.class);
			MockHttpServletResponse response = mvc.perform(get("/actuator/counted")).andReturn().getResponse();
			mvc.perform(get("/actuator/counted"));
			assertThat(context.getBean(CountingController.class).calls()).isEqualTo(2);
			assertThat(response.getHeader("Cache-Control")).contains("no-store", "private");
		});
	}

	@Test
	void theNeverCacheFilterFollowsTheActuatorsBasePath() {
		this.webRunner.withPropertyValues("management.endpoints.web.base-path=/manage")
			.run((context) -> assertThat(neverCacheUrlPatterns(context)).containsExactly("/manage/*"));
		this.webRunner.withPropertyValues("management.endpoints.web.base-path=/")
			.run((context) -> assertThat(neverCacheUrlPatterns(context)).containsExactly("/*"));
	}

	@Test
	void theNeverCacheFilterRunsJustInsideTheUpdateCacheFilter() {
		this.webRunner.run((context) -> assertThat(
				context.getBean("cachetteActuatorNeverCacheFilter", FilterRegistrationBean.class).getOrder())
			.isEqualTo(CachetteWebAutoConfiguration.UPDATE_FILTER_ORDER + 1));
	}

	@Test
	void withoutThePageCache_noNeverCacheFilter() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CachetteAutoConfiguration.class,
					CachetteActuatorAutoConfiguration.class, EndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=cachette")
			.run((context) -> assertThat(context).hasSingleBean(CachetteEndpoint.class)
				.doesNotHaveBean("cachetteActuatorNeverCacheFilter"));
	}

	private static List<String> neverCacheUrlPatterns(AssertableWebApplicationContext context) {
		return List
			.copyOf(context.getBean("cachetteActuatorNeverCacheFilter", FilterRegistrationBean.class).getUrlPatterns());
	}

}
