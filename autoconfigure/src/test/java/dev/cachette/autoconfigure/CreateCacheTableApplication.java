package dev.cachette.autoconfigure;

import javax.sql.DataSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A minimal application for {@link CreateCacheTableCommandTests}, run in its own JVM as a
 * user runs theirs: {@code java ... --cachette.createcachetable}. Its data source is the
 * database named by {@code --test.jdbc-url} (H2, PostgreSQL or MariaDB).
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class CreateCacheTableApplication {

	@Bean
	DataSource dataSource(org.springframework.core.env.Environment environment) {
		return new DriverManagerDataSource(environment.getRequiredProperty("test.jdbc-url"));
	}

	public static void main(String[] args) {
		SpringApplication.run(CreateCacheTableApplication.class, args);
		// Reached only when the command did not exit: say so, so the test fails.
		System.out.println("APPLICATION KEPT RUNNING");
		System.exit(3);
	}

}
