package dev.cachette.demo;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Profile;

/**
 * The caches in a database of their own (profile {@code database}): the articles stay in
 * the application's H2, and both aliases use {@code backend: database} on a second
 * {@code DataSource} named by {@code options.datasource}, as a site with a separate cache
 * database would. The fault harness ({@code bench/faults.sh}) kills and freezes that
 * database and expects the site to go on.
 *
 * <p>
 * Declaring a second {@code DataSource} turns Spring Boot's own off, so the application's
 * one is declared here too, from {@code spring.datasource.*} as Spring Boot would build
 * it.
 *
 * @author Cachette contributors
 */
@Configuration(proxyBeanMethods = false)
@Profile("database")
class CacheDatabaseDemo {

	@Bean
	@Primary
	@ConfigurationProperties("spring.datasource.hikari")
	HikariDataSource dataSource(DataSourceProperties properties) {
		return properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
	}

	@Bean
	@ConfigurationProperties("demo.cache-database")
	HikariDataSource cacheDataSource() {
		return DataSourceBuilder.create().type(HikariDataSource.class).build();
	}

}
