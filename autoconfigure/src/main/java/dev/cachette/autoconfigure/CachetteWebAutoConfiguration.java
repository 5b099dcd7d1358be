package dev.cachette.autoconfigure;

import java.time.Clock;
import java.time.Duration;

import jakarta.servlet.Filter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.cachette.cache.Caches;
import dev.cachette.cache.Refresh;
import dev.cachette.web.HandlerAdvisorPostProcessor;
import dev.cachette.web.PageCacheHeaderWriter;
import dev.cachette.web.PageCacheConfigurer;
import dev.cachette.web.PageCachePolicy;
import dev.cachette.web.PageCacheStatistics;
import dev.cachette.web.PageCacheWiring;
import dev.cachette.web.PageCaches;
import dev.cachette.web.PageRefresh;
import dev.cachette.web.PageRegistry;

/**
 * Cachette's web layer for Spring MVC: the page cache (the per-site cache filters, URL
 * patterns and {@code @CachePage}), the header annotations, the filter that marks pages
 * touched by a user, and the cooperation with Spring Security's headers.
 */
@AutoConfiguration(after = CachetteAutoConfiguration.class,
		afterName = "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
public final class CachetteWebAutoConfiguration {

	/**
	 * Outside every other filter (Spring Session's is at {@code Integer.MIN_VALUE + 50}),
	 * as Django lists {@code UpdateCacheMiddleware} first.
	 */
	static final int UPDATE_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	/**
	 * Inside every other filter, after Spring Security's chain, as Django lists
	 * {@code FetchFromCacheMiddleware} last.
	 */
	static final int FETCH_FILTER_ORDER = Ordered.LOWEST_PRECEDENCE - 10;

	@Bean
	@ConditionalOnMissingBean
	PageCacheStatistics pageCacheStatistics() {
		return new PageCacheStatistics();
	}

	@Bean
	@ConditionalOnMissingBean
	PageCaches pageCaches(Caches caches, CacheMiddlewareProperties properties, PageCacheStatistics statistics,
			ObjectProvider<LocaleResolver> localeResolver, ObjectProvider<PageCacheConfigurer> configurers) {
		PageCachePolicy policy = new PageCachePolicy(Duration.ofSeconds(properties.getSeconds()),
				properties.isUseI18n(), properties.getSetCookieRule(), properties.getKeyFormat());
		PageRegistry registry = new PageRegistry();
		for (CacheMiddlewareProperties.Page page : properties.getPages()) {
			registry.add(page.getPattern(), Duration.ofSeconds(page.getTimeout()), page.getCache(), page.getKeyPrefix(),
					Refresh.staleWhileRevalidate(page.getStaleWhileRevalidate()).staleIfError(page.getStaleIfError()),
					page.isShared());
		}
		configurers.orderedStream().forEach((configurer) -> configurer.configurePages(registry));
		String siteAlias = properties.isEnabled() ? properties.getAlias() : null;
		PageRefresh refresh = new PageRefresh(properties.isSingleFlight(), properties.getStaleWhileRevalidate(),
				properties.getStaleIfError(), properties.isHonorStaleDirectives());
		return new PageCaches(caches, policy, localeResolver.getIfUnique(), statistics, Clock.systemUTC(), siteAlias,
				properties.getKeyPrefix(), registry, refresh);
	}

	@Bean
	FilterRegistrationBean<Filter> cachetteUpdateCacheFilter(CacheMiddlewareProperties properties) {
		FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(
				PageCacheWiring.updateCacheFilter(properties.getMaxPageSize().toBytes()));
		registration.setOrder(UPDATE_FILTER_ORDER);
		registration.setAsyncSupported(true);
		return registration;
	}

	@Bean
	FilterRegistrationBean<Filter> cachetteFetchFromCacheFilter(PageCaches pageCaches) {
		FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(
				PageCacheWiring.fetchFromCacheFilter(pageCaches));
		registration.setOrder(FETCH_FILTER_ORDER);
		registration.setAsyncSupported(true);
		return registration;
	}

	@Bean
	FilterRegistrationBean<Filter> cachetteUserAccessFilter(Environment environment) {
		FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(PageCacheWiring.userAccessFilter());
		// Beneath Spring Session (Integer.MIN_VALUE + 50), above Spring Security's chain
		// (spring.security.filter.order, -100 by default) and Spring's
		// RequestContextFilter
		// (-105), so that the session those load and the token they hand out pass through
		// it.
		int securityOrder = environment.getProperty("spring.security.filter.order", Integer.class, -100);
		registration.setOrder(Math.min(securityOrder, -105) - 5);
		return registration;
	}

	/**
	 * Puts the page cache's advice inside every other advice on a controller proxy, so a
	 * cached page is served only after method security has run.
	 * @return the post-processor
	 */
	@Bean
	static HandlerAdvisorPostProcessor cachetteHandlerAdvisorPostProcessor() {
		return new HandlerAdvisorPostProcessor();
	}

	@Bean
	WebMvcConfigurer cachettePageCacheInterceptor(ObjectProvider<PageCaches> pageCaches,
			ObjectProvider<HandlerMapping> handlerMappings) {
		HandlerInterceptor interceptor = PageCacheWiring.pageCacheInterceptor(Clock.systemUTC(), pageCaches::getObject,
				() -> handlerMappings.orderedStream().toList());
		return new WebMvcConfigurer() {

			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				// Last: it may answer a request, and every interceptor of the application
				// (an access check, say) must have run first, as Django's middleware runs
				// before a cache_page view.
				registry.addInterceptor(interceptor).order(Ordered.LOWEST_PRECEDENCE);
			}

		};
	}

	/**
	 * Lets Spring Security's {@code Cache-Control} header writer and the page cache work
	 * together: {@code Customizer<HttpSecurity>} beans are applied by Spring Security 7
	 * to every {@code HttpSecurity}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.security.config.annotation.web.builders.HttpSecurity",
			"org.springframework.security.web.header.HeaderWriter" })
	static class SpringSecurityHeadersConfiguration {

		@Bean
		Customizer<HttpSecurity> cachettePageCacheHeaders() {
			return (http) -> http.headers((headers) -> headers.cacheControl((cacheControl) -> cacheControl.disable())
				.addHeaderWriter(new PageCacheHeaderWriter()));
		}

	}

}
