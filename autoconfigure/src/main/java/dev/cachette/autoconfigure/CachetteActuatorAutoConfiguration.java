package dev.cachette.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToIntFunction;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.cachette.actuate.CacheHealthIndicator;
import dev.cachette.actuate.CachetteEndpoint;
import dev.cachette.cache.Caches;
import dev.cachette.metrics.FragmentCacheStatistics;
import dev.cachette.web.PageCacheStatistics;

/**
 * The {@code cachette} actuator endpoint and the {@code cachette} health contributor (one
 * member per alias), each when its Spring Boot module is present.
 */
@AutoConfiguration(after = { CachetteAutoConfiguration.class, CachetteWebAutoConfiguration.class,
		CachetteMetricsAutoConfiguration.class })
@ConditionalOnBean(Caches.class)
public final class CachetteActuatorAutoConfiguration {

	/** The endpoint, when the actuator is present and the endpoint is exposed. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(
			name = { "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint",
					"org.springframework.boot.actuate.endpoint.annotation.Endpoint" })
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint(CachetteEndpoint.class)
		CachetteEndpoint cachetteEndpoint(Caches caches, ObjectProvider<PageCacheStatistics> pageStatistics,
				ObjectProvider<PageInvalidator> pageInvalidator,
				ObjectProvider<FragmentCacheStatistics> fragmentStatistics) {
			PageInvalidator invalidator = pageInvalidator.getIfAvailable();
			return new CachetteEndpoint(caches, pageStatistics.getIfAvailable(),
					(invalidator != null) ? invalidator.function() : null, fragmentStatistics.getIfAvailable());
		}

	}

	/**
	 * Page invalidation for the endpoint, and actuator responses kept out of the page
	 * cache, when the page cache is configured.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
			"org.springframework.web.servlet.DispatcherServlet", "jakarta.servlet.http.HttpServletRequest" })
	@ConditionalOnBean(type = "dev.cachette.web.PageCaches")
	static class PageInvalidatorConfiguration {

		@Bean
		PageInvalidator cachettePageInvalidator(dev.cachette.web.PageCaches pageCaches) {
			return new PageInvalidator(pageCaches::invalidatePage);
		}

		/**
		 * Marks every actuator response never-cache, as Django's admin views are
		 * {@code never_cache}: otherwise the per-site cache would store
		 * {@code /actuator/health} and this endpoint's statistics like any page, and
		 * serve them stale.
		 */
		@Bean
		org.springframework.boot.web.servlet.FilterRegistrationBean<jakarta.servlet.Filter> cachetteActuatorNeverCacheFilter(
				org.springframework.core.env.Environment environment) {
			String basePath = environment.getProperty("management.endpoints.web.base-path", "/actuator");
			java.time.Clock clock = java.time.Clock.systemUTC();
			jakarta.servlet.Filter filter = (request, response, chain) -> {
				if (response instanceof jakarta.servlet.http.HttpServletResponse http) {
					dev.cachette.web.CacheHeaders.addNeverCacheHeaders(http, clock);
				}
				chain.doFilter(request, response);
			};
			org.springframework.boot.web.servlet.FilterRegistrationBean<jakarta.servlet.Filter> registration = new org.springframework.boot.web.servlet.FilterRegistrationBean<>(
					filter);
			registration.addUrlPatterns(basePath.equals("/") ? "/*" : basePath + "/*");
			registration.setOrder(CachetteWebAutoConfiguration.UPDATE_FILTER_ORDER + 1);
			registration.setAsyncSupported(true);
			return registration;
		}

	}

	/** The health contributor, when Spring Boot's health module is present. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
	@EnableConfigurationProperties(CachetteHealthProperties.class)
	static class HealthConfiguration {

		// On the method, not the class: its condition class is loaded only once the
		// health module is known to be present.
		@Bean
		@ConditionalOnEnabledHealthIndicator("cachette")
		@ConditionalOnMissingBean(name = "cachetteHealthContributor")
		HealthContributor cachetteHealthContributor(Caches caches, CachetteHealthProperties properties) {
			Map<String, CacheHealthIndicator> indicators = new LinkedHashMap<>();
			caches.aliases()
				.forEach((alias) -> indicators.put(alias,
						new CacheHealthIndicator(caches.get(alias), properties.getTimeout())));
			return CompositeHealthContributor.fromMap(indicators);
		}

	}

	/** Carries {@code PageCaches::invalidatePage} without exposing the web types. */
	record PageInvalidator(ToIntFunction<String> function) {
	}

}
