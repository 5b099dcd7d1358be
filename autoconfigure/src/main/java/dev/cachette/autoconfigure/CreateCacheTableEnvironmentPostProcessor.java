package dev.cachette.autoconfigure;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * For a {@code --cachette.createcachetable} run, sets
 * {@code spring.main.web-application-type=none} (unless set explicitly), so that the
 * command creates the cache tables and exits without starting a web server or binding a
 * port.
 */
class CreateCacheTableEnvironmentPostProcessor implements EnvironmentPostProcessor {

	private static final String WEB_APPLICATION_TYPE = "spring.main.web-application-type";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String command = environment.getProperty(CreateCacheTableRunner.PROPERTY);
		if (command != null && !"false".equalsIgnoreCase(command.trim())
				&& !environment.containsProperty(WEB_APPLICATION_TYPE)) {
			environment.getPropertySources()
				.addLast(new MapPropertySource("cachetteCreateCacheTable", Map.of(WEB_APPLICATION_TYPE, "none")));
		}
	}

}
