package dev.cachette.thymeleaf;

import org.junit.jupiter.api.Test;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templateresolver.StringTemplateResolver;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.thymeleaf.autoconfigure.ThymeleafAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.cachette.autoconfigure.CachetteAutoConfiguration;
import dev.cachette.autoconfigure.CachetteMetricsAutoConfiguration;
import dev.cachette.cache.CacheUtils;
import dev.cachette.cache.Caches;
import dev.cachette.cache.KeyFormat;
import dev.cachette.metrics.FragmentCacheStatistics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wiring of {@link CachetteThymeleafAutoConfiguration}.
 */
class CachetteThymeleafAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachetteAutoConfiguration.class,
				CachetteThymeleafAutoConfiguration.class, ThymeleafAutoConfiguration.class))
		.withPropertyValues("caches.default.backend=locmem", "caches.default.location=thymeleaf-autoconfig");

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

	@Configuration(proxyBeanMethods = false)
	static class UserDialect {

		@Bean
		CacheDialect myDialect(Caches caches) {
			return new CacheDialect(caches);
		}

	}

}
