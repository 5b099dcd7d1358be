package dev.cachette.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/** A {@code --cachette.createcachetable} run starts no web server. */
class CreateCacheTableEnvironmentPostProcessorTests {

	@Test
	void command_turnsTheWebServerOff() {
		assertThat(webApplicationType("--cachette.createcachetable")).isEqualTo("none");
		assertThat(webApplicationType("--cachette.createcachetable=dry-run")).isEqualTo("none");
	}

	@Test
	void withoutTheCommand_orWithAnExplicitType_nothingChanges() {
		assertThat(webApplicationType()).isNull();
		assertThat(webApplicationType("--cachette.createcachetable=false")).isNull();
		assertThat(webApplicationType("--cachette.createcachetable", "--spring.main.web-application-type=servlet"))
			.isEqualTo("servlet");
	}

	@Test
	void isRegistered() {
		assertThat(SpringFactoriesLoader.loadFactoryNames(org.springframework.boot.EnvironmentPostProcessor.class,
				getClass().getClassLoader()))
			.contains(CreateCacheTableEnvironmentPostProcessor.class.getName());
	}

	private static String webApplicationType(String... args) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
		new CreateCacheTableEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		return environment.getProperty("spring.main.web-application-type");
	}

}
