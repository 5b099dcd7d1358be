package dev.cachette.autoconfigure;

import javax.sql.DataSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * A minimal application for {@link CreateCacheTableCommandTests}, run in its own JVM as a
 * user runs theirs: {@code java ... --cachette.createcachetable}. Its data source is the
 * H2 database named by {@code --test.h2-url}.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class CreateCacheTableApplication {

	@Bean
	DataSource dataSource(org.springframework.core.env.Environment environment) {
		return new SimpleDriverDataSource(new org.h2.Driver(), environment.getRequiredProperty("test.h2-url"));
	}

	public static void main(String[] args) {
		SpringApplication.run(CreateCacheTableApplication.class, args);
		// Reached only when the command did not exit: say so, so the test fails.
		System.out.println("APPLICATION KEPT RUNNING");
		System.exit(3);
	}

}
