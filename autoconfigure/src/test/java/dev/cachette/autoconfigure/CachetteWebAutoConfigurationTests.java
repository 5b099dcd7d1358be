package dev.cachette.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.thymeleaf.autoconfigure.ThymeleafAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.util.ClassUtils;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.cachette.cache.Caches;
import dev.cachette.web.HandlerAdvisorPostProcessor;
import dev.cachette.web.PageCacheConfigurer;
import dev.cachette.web.PageCachePolicy;
import dev.cachette.web.PageCacheStatistics;
import dev.cachette.web.PageCaches;
import dev.cachette.web.PageRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * Wiring of {@link CachetteWebAutoConfiguration} in a servlet web application: the
 * filters in Django's middleware order around Spring Security's chain, the advice that
 * serves pages after method security, and the cooperation with Spring Security's headers,
 * which backs off without Spring Security. Without a servlet web application (plain or
 * reactive) it contributes nothing; with or without Spring Security, AspectJ and
 * Thymeleaf on the classpath, a request driven through MockMvc built from the runner's
 * context is stored once and served from the cache.
 */
class CachetteWebAutoConfigurationTests {

	/**
	 * The page cache's filters and interceptor, package-private in
	 * {@code dev.cachette.web}.
	 */
	private static final Class<?> UPDATE_CACHE_FILTER = webClass("UpdateCacheFilter");

	private static final Class<?> USER_ACCESS_FILTER = webClass("UserAccessFilter");

	private static final Class<?> FETCH_FROM_CACHE_FILTER = webClass("FetchFromCacheFilter");

	private static final Class<?> PAGE_CACHE_INTERCEPTOR = webClass("PageCacheInterceptor");

	/**
	 * Spring Security's default filter chain order
	 * ({@code spring.security.filter.order}).
	 */
	private static final int SECURITY_ORDER = -100;

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(CachetteAutoConfiguration.class,
			DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class,
			CachetteWebAutoConfiguration.class);

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(CONFIGURATIONS)
		.withPropertyValues("caches.default.location=page-cache-autoconfig");

	/** The runner with MockMvc, its filters taken from the context, and a controller. */
	private final WebApplicationContextRunner mvcRunner = this.runner
		.withConfiguration(AutoConfigurations.of(MockMvcAutoConfiguration.class))
		.withUserConfiguration(CountingController.class);

	@Test
	void filtersSurroundSpringSecuritysChainAsDjangosMiddleware() {
		this.runner.run((context) -> {
			int update = order(context.getBeansOfType(FilterRegistrationBean.class), UPDATE_CACHE_FILTER);
			int access = order(context.getBeansOfType(FilterRegistrationBean.class), USER_ACCESS_FILTER);
			int fetch = order(context.getBeansOfType(FilterRegistrationBean.class), FETCH_FROM_CACHE_FILTER);
			assertThat(update).isLessThan(Integer.MIN_VALUE + 50);
			assertThat(access).isGreaterThan(Integer.MIN_VALUE + 50).isLessThan(SECURITY_ORDER);
			assertThat(fetch).isGreaterThan(SECURITY_ORDER);
		});
	}

	@Test
	void userAccessFilterStaysAboveAMovedSecurityChain() {
		this.runner.withPropertyValues("spring.security.filter.order=-500")
			.run((context) -> assertThat(
					order(context.getBeansOfType(FilterRegistrationBean.class), USER_ACCESS_FILTER))
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
	void withSpringSecurity_aPublicPageIsStoredDespiteItsCacheControlHeaderWriter() {
		this.mvcRunner
			.withConfiguration(AutoConfigurations.of(SecurityAutoConfiguration.class,
					ServletWebSecurityAutoConfiguration.class, SecurityFilterAutoConfiguration.class))
			.withUserConfiguration(PermitAllSecurity.class)
			.withPropertyValues("cache-middleware.enabled=true")
			.run((context) -> {
				assertThat(context).hasSingleBean(SecurityFilterChain.class);
				assertStoredOnceThenServed(context, "/page");
			});
	}

	@Test
	void withoutAnySpringSecurityClass_everyOtherWebBeanStays() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.security")).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean("cachettePageCacheHeaders");
			assertThat(context).hasSingleBean(PageCaches.class).hasSingleBean(HandlerAdvisorPostProcessor.class);
			assertThat(filterTypes(context)).contains(UPDATE_CACHE_FILTER, USER_ACCESS_FILTER, FETCH_FROM_CACHE_FILTER);
		});
	}

	@Test
	void withoutAnySpringSecurityClass_aPageIsStoredAndServed() {
		this.mvcRunner.withClassLoader(new FilteredClassLoader("org.springframework.security"))
			.withPropertyValues("cache-middleware.enabled=true")
			.run((context) -> assertStoredOnceThenServed(context, "/page"));
	}

	@Test
	void theFiltersAcceptAsyncRequests() {
		this.runner.run((context) -> assertThat(context.getBeansOfType(FilterRegistrationBean.class).values())
			.filteredOn((registration) -> UPDATE_CACHE_FILTER.isInstance(registration.getFilter())
					|| FETCH_FROM_CACHE_FILTER.isInstance(registration.getFilter()))
			.hasSize(2)
			.allMatch(FilterRegistrationBean::isAsyncSupported));
	}

	@Test
	void theInterceptorRunsAfterTheApplicationsInterceptors() {
		this.runner.withUserConfiguration(CountingController.class, ApplicationInterceptor.class).run((context) -> {
			HandlerExecutionChain chain = context
				.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class)
				.getHandler(new MockHttpServletRequest("GET", "/page"));
			assertThat(chain).isNotNull();
			assertThat(chain.getInterceptorList()).last().isInstanceOf(PAGE_CACHE_INTERCEPTOR);
			assertThat(chain.getInterceptorList()).anyMatch(ApplicationInterceptor.INTERCEPTOR::equals);
		});
	}

	@Test
	void siteCacheEnabled_storesAPageOnceAndServesIt() {
		this.mvcRunner.withPropertyValues("cache-middleware.enabled=true")
			.run((context) -> assertStoredOnceThenServed(context, "/page"));
	}

	@Test
	void siteCacheDisabledByDefault_theFiltersLetEveryRequestThrough() {
		this.mvcRunner.run((context) -> {
			assertThat(context.getBean(PageCaches.class).site()).isNull();
			assertThat(filterTypes(context)).contains(UPDATE_CACHE_FILTER, FETCH_FROM_CACHE_FILTER);
			MockMvc mvc = context.getBean(MockMvc.class);
			mvc.perform(get("/page"));
			mvc.perform(get("/page"));
			assertThat(context.getBean(CountingController.class).calls()).isEqualTo(2);
		});
	}

	@Test
	void siteCacheDisabled_cachePageStillStoresItsView() {
		this.mvcRunner.run((context) -> assertStoredOnceThenServed(context, "/cached"));
	}

	@Test
	void pageCacheConfigurerBeansRegisterTheirPatterns() {
		this.mvcRunner
			.withBean(PageCacheConfigurer.class, () -> (registry) -> registry.add("/page", Duration.ofMinutes(1)))
			.run((context) -> assertStoredOnceThenServed(context, "/page"));
	}

	@Test
	void aUserDefinedPageCacheStatisticsBacksOff_andCountsThePages() {
		PageCacheStatistics statistics = new PageCacheStatistics();
		this.mvcRunner.withPropertyValues("cache-middleware.enabled=true")
			.withBean(PageCacheStatistics.class, () -> statistics)
			.run((context) -> {
				assertThat(context).getBean(PageCacheStatistics.class).isSameAs(statistics);
				assertStoredOnceThenServed(context, "/page");
				assertThat(statistics.hits()).isEqualTo(1);
				assertThat(statistics.misses()).isEqualTo(1);
			});
	}

	@Test
	void aUserDefinedPageCachesBacksOff() {
		this.runner.withUserConfiguration(UserPageCaches.class).run((context) -> {
			assertThat(context).hasSingleBean(PageCaches.class);
			assertThat(context.getBean(PageCaches.class)).isSameAs(context.getBean("myPageCaches"));
		});
	}

	@Test
	void withAspectJ_aCachedPageIsServedOnlyOnceTheControllersAspectLetsTheCallThrough() {
		this.mvcRunner.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class))
			.withUserConfiguration(DenyingAspect.class)
			.run((context) -> {
				MockMvc mvc = context.getBean(MockMvc.class);
				assertStoredOnceThenServed(context, "/cached");
				assertThat(mvc.perform(get("/cached").header(DenyingAspect.DENY, "yes"))
					.andReturn()
					.getResponse()
					.getStatus()).isEqualTo(403);
				assertThat(context.getBean(CountingController.class).calls()).isEqualTo(1);
			});
	}

	@Test
	void withoutAspectJ_thePostProcessorStaysAndPagesAreServed() {
		this.mvcRunner.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.aspectj"))
			.run((context) -> {
				assertThat(context).hasSingleBean(HandlerAdvisorPostProcessor.class);
				assertStoredOnceThenServed(context, "/cached");
			});
	}

	@Test
	void withThymeleaf_aRenderedViewIsStoredAndServed() {
		this.mvcRunner.withConfiguration(AutoConfigurations.of(ThymeleafAutoConfiguration.class))
			.withPropertyValues("cache-middleware.enabled=true")
			.run((context) -> {
				MockMvc mvc = context.getBean(MockMvc.class);
				String rendered = mvc.perform(get("/view")).andReturn().getResponse().getContentAsString();
				String served = mvc.perform(get("/view")).andReturn().getResponse().getContentAsString();
				assertThat(rendered).contains("<html");
				assertThat(served).isEqualTo(rendered);
				assertThat(context.getBean(CountingController.class).calls()).isEqualTo(1);
			});
	}

	@Test
	void withoutThymeleaf_everyWebBeanStays() {
		this.runner.withClassLoader(new FilteredClassLoader("org.thymeleaf"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(PageCaches.class)
				.hasSingleBean(HandlerAdvisorPostProcessor.class)
				.hasBean("cachettePageCacheInterceptor"));
	}

	@Test
	void largestStoredPageIsConfigurable() {
		this.runner.withPropertyValues("cache-middleware.max-page-size=64KB")
			.run((context) -> assertThat(
					context.getBean(CacheMiddlewareProperties.class).getMaxPageSize().toKilobytes())
				.isEqualTo(64));
	}

	@Test
	void notAWebApplication_noWebBeans() {
		new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withPropertyValues("cache-middleware.enabled=true")
			.run(CachetteWebAutoConfigurationTests::assertNoWebBeans);
	}

	@Test
	void reactiveWebApplication_noServletFilters() {
		new ReactiveWebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withPropertyValues("cache-middleware.enabled=true")
			.run(CachetteWebAutoConfigurationTests::assertNoWebBeans);
	}

	private static void assertNoWebBeans(ApplicationContextAssertProvider<?> context) {
		assertThat(context).hasNotFailed()
			.hasSingleBean(Caches.class)
			.doesNotHaveBean(PageCaches.class)
			.doesNotHaveBean(FilterRegistrationBean.class)
			.doesNotHaveBean(HandlerAdvisorPostProcessor.class)
			.doesNotHaveBean("cachettePageCacheInterceptor")
			.doesNotHaveBean("cachettePageCacheHeaders");
	}

	/**
	 * Two GETs of {@code path}: the first runs the controller, the second is served from
	 * the cache with the same body.
	 */
	private static void assertStoredOnceThenServed(AssertableWebApplicationContext context, String path)
			throws Exception {
		MockMvc mvc = context.getBean(MockMvc.class);
		String first = mvc.perform(get(path)).andReturn().getResponse().getContentAsString();
		String second = mvc.perform(get(path)).andReturn().getResponse().getContentAsString();
		assertThat(first).isEqualTo("page 1");
		assertThat(second).isEqualTo(first);
		assertThat(context.getBean(CountingController.class).calls()).isEqualTo(1);
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

	private static List<Class<?>> filterTypes(AssertableWebApplicationContext context) {
		return context.getBeansOfType(FilterRegistrationBean.class)
			.values()
			.stream()
			.<Class<?>>map((registration) -> registration.getFilter().getClass())
			.toList();
	}

	/** An aspect on the controller that refuses a call carrying {@link #DENY}. */
	@Aspect
	static class DenyingAspect {

		static final String DENY = "X-Deny";

		@Around("execution(@org.springframework.web.bind.annotation.GetMapping * dev.cachette.autoconfigure.CountingController.*(..))")
		Object check(ProceedingJoinPoint call) throws Throwable {
			HttpServletRequest request = ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes())
				.getRequest();
			if (request.getHeader(DENY) != null) {
				throw new ResponseStatusException(HttpStatus.FORBIDDEN);
			}
			return call.proceed();
		}

	}

	/**
	 * A filter chain that lets every request through, with Spring Security's default
	 * headers (its {@code Cache-Control: no-store} among them).
	 */
	@Configuration(proxyBeanMethods = false)
	static class PermitAllSecurity {

		@Bean
		SecurityFilterChain permitAll(HttpSecurity http) {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll()).build();
		}

	}

	/** An interceptor of the application's. */
	@Configuration(proxyBeanMethods = false)
	static class ApplicationInterceptor implements WebMvcConfigurer {

		static final HandlerInterceptor INTERCEPTOR = new HandlerInterceptor() {
		};

		@Override
		public void addInterceptors(InterceptorRegistry registry) {
			registry.addInterceptor(INTERCEPTOR);
		}

	}

	/** The application's own page caches. */
	@Configuration(proxyBeanMethods = false)
	static class UserPageCaches {

		@Bean
		PageCaches myPageCaches(Caches caches) {
			return new PageCaches(caches,
					new PageCachePolicy(Duration.ofMinutes(1), false, PageCachePolicy.SetCookieRule.NEVER_STORE), null,
					new PageCacheStatistics(), Clock.systemUTC(), null, "", new PageRegistry());
		}

	}

	private static Class<?> webClass(String name) {
		return ClassUtils.resolveClassName("dev.cachette.web." + name, null);
	}

}
