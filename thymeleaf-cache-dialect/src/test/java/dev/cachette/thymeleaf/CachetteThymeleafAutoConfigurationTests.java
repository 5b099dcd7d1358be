package dev.cachette.thymeleaf;

import org.junit.jupiter.api.Test;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templateresolver.StringTemplateResolver;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.thymeleaf.autoconfigure.ThymeleafAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.cachette.autoconfigure.CachetteAutoConfiguration;
import dev.cachette.autoconfigure.CachetteMetricsAutoConfiguration;
import dev.cachette.cache.CacheUtils;
import dev.cachette.cache.Caches;
import dev.cachette.cache.KeyFormat;
import dev.cachette.metrics.FragmentCacheStatistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * Wiring of {@link CachetteThymeleafAutoConfiguration}: the dialect in Boot's engine, and
 * in a servlet web application with Spring MVC the interceptor that releases fragment
 * locks, absent in non-web and reactive contexts and without Spring MVC; a view rendered
 * through MockMvc built from the runner's context reads a cached fragment's body once,
 * with or without Spring Security on the classpath.
 */
class CachetteThymeleafAutoConfigurationTests {

	private static final String FRAGMENT_LOCK_RELEASE = "cachetteFragmentLockRelease";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachetteAutoConfiguration.class,
				CachetteThymeleafAutoConfiguration.class, ThymeleafAutoConfiguration.class))
		.withPropertyValues("caches.default.backend=locmem", "caches.default.location=thymeleaf-autoconfig");

	/** A servlet web application with Spring MVC, MockMvc and a view. */
	private final WebApplicationContextRunner webRunner = new WebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(CachetteAutoConfiguration.class, CachetteThymeleafAutoConfiguration.class,
						ThymeleafAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
						WebMvcAutoConfiguration.class, MockMvcAutoConfiguration.class))
		.withUserConfiguration(CountedView.class)
		.withPropertyValues("caches.default.location=thymeleaf-autoconfig-web");

	@Test
	void dialectIsRegisteredWithBootsTemplateEngine() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(CacheDialect.class);
			assertThat(context.getBean(SpringTemplateEngine.class).getDialects())
				.contains(context.getBean(CacheDialect.class));
		});
	}

	@Test
	void dialectRecordsIntoTheStatisticsTheMetricsBind() {
		this.runner.withConfiguration(AutoConfigurations.of(CachetteMetricsAutoConfiguration.class)).run((context) -> {
			FragmentCacheStatistics statistics = context.getBean(FragmentCacheStatistics.class);
			SpringTemplateEngine engine = new SpringTemplateEngine();
			engine.setTemplateResolver(new StringTemplateResolver());
			engine.addDialect(context.getBean(CacheDialect.class));
			String template = "<p th:cache=\"60, wired\">x</p>";
			engine.process(template, new Context());
			engine.process(template, new Context());
			assertThat(statistics.misses("wired")).isEqualTo(1);
			assertThat(statistics.hits("wired")).isEqualTo(1);
		});
	}

	@Test
	void fragmentKeysAreDjangosUnlessStrictIsConfigured() {
		String template = "<p th:cache=\"60, keyed, ${missing}\">x</p>";
		this.runner.run((context) -> {
			render(context.getBean(CacheDialect.class), template);
			assertThat(context.getBean(Caches.class)
				.get("default")
				.hasKey(CacheUtils.makeTemplateFragmentKey("keyed", java.util.Arrays.asList((Object) null)))).isTrue();
		});
		this.runner.withPropertyValues("cachette.thymeleaf.key-format=strict").run((context) -> {
			render(context.getBean(CacheDialect.class), template);
			assertThat(context.getBean(Caches.class)
				.get("default")
				.hasKey(CacheUtils.makeTemplateFragmentKey("keyed", java.util.Arrays.asList((Object) null),
						KeyFormat.STRICT)))
				.isTrue();
		});
	}

	private static void render(CacheDialect dialect, String template) {
		SpringTemplateEngine engine = new SpringTemplateEngine();
		engine.setTemplateResolver(new StringTemplateResolver());
		engine.addDialect(dialect);
		engine.process(template, new Context());
	}

	@Test
	void backsOffWithoutThymeleaf() {
		this.runner.withClassLoader(new FilteredClassLoader(SpringTemplateEngine.class))
			.run((context) -> assertThat(context).hasSingleBean(Caches.class).doesNotHaveBean(CacheDialect.class));
	}

	@Test
	void backsOffWithoutCaches() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(CachetteThymeleafAutoConfiguration.class, ThymeleafAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(CacheDialect.class));
	}

	@Test
	void userDefinedDialectWins() {
		this.runner.withUserConfiguration(UserDialect.class).run((context) -> {
			assertThat(context).hasSingleBean(CacheDialect.class);
			assertThat(context.getBean(CacheDialect.class)).isSameAs(context.getBean("myDialect"));
		});
	}

	@Test
	void isListedInTheImportsFile() throws Exception {
		String imports = new String(getClass()
			.getResourceAsStream("/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")
			.readAllBytes());
		assertThat(imports).contains(CachetteThymeleafAutoConfiguration.class.getName());
	}

	@Test
	void notAWebApplication_noLockReleaseInterceptor() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(CacheDialect.class)
			.doesNotHaveBean(FRAGMENT_LOCK_RELEASE));
	}

	@Test
	void reactiveWebApplication_theDialectWithoutTheLockReleaseInterceptor() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CachetteAutoConfiguration.class,
					CachetteThymeleafAutoConfiguration.class, ThymeleafAutoConfiguration.class))
			.withPropertyValues("caches.default.location=thymeleaf-autoconfig-reactive")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(CacheDialect.class)
				.doesNotHaveBean(FRAGMENT_LOCK_RELEASE));
	}

	@Test
	void servletWebApplication_theLockReleaseInterceptorIsOnTheHandlers() {
		this.webRunner.run((context) -> {
			HandlerExecutionChain chain = context
				.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class)
				.getHandler(new MockHttpServletRequest("GET", "/counted"));
			assertThat(chain).isNotNull();
			assertThat(chain.getInterceptorList()).hasAtLeastOneElementOfType(FragmentLockRelease.class);
		});
	}

	@Test
	void servletWebApplication_aFragmentIsRenderedOnceAcrossRequests() {
		this.webRunner.run(CachetteThymeleafAutoConfigurationTests::assertRenderedOnce);
	}

	@Test
	void withoutSpringSecurity_aFragmentIsRenderedOnceAcrossRequests() {
		this.webRunner.withClassLoader(new FilteredClassLoader("org.springframework.security"))
			.run(CachetteThymeleafAutoConfigurationTests::assertRenderedOnce);
	}

	@Test
	void withoutSpringMvc_theDialectWithoutTheLockReleaseInterceptor() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CachetteAutoConfiguration.class,
					CachetteThymeleafAutoConfiguration.class, ThymeleafAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.springframework.web.servlet"))
			.withPropertyValues("caches.default.location=thymeleaf-autoconfig-no-mvc")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(CacheDialect.class)
				.doesNotHaveBean(FRAGMENT_LOCK_RELEASE));
	}

	/**
	 * Two GETs of a view with a cached fragment: the fragment's body is read once, and
	 * the second page is the first.
	 */
	private static void assertRenderedOnce(AssertableWebApplicationContext context) throws Exception {
		MockMvc mvc = context.getBean(MockMvc.class);
		String first = mvc.perform(get("/counted")).andReturn().getResponse().getContentAsString();
		String second = mvc.perform(get("/counted")).andReturn().getResponse().getContentAsString();
		assertThat(first).contains("<p>counted value</p>");
		assertThat(second).isEqualTo(first);
		assertThat(context.getBean(CountedView.class).counter.reads()).isEqualTo(1);
	}

	/** A view whose cached fragment reads a {@link Counter}. */
	@Controller
	static class CountedView {

		final Counter counter = new Counter("counted value");

		@GetMapping("/counted")
		String counted(Model model) {
			model.addAttribute("counter", this.counter);
			return "counted";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserDialect {

		@Bean
		CacheDialect myDialect(Caches caches) {
			return new CacheDialect(caches);
		}

	}

}
