package dev.cachette.autoconfigure;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import dev.cachette.cache.Cache;
import dev.cachette.cache.Caches;
import dev.cachette.cache.backend.db.DatabaseCache;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code database} backend's wiring: which {@code DataSource} an alias uses, the
 * startup errors, the back-off without Spring JDBC, and the {@code createcachetable}
 * command. H2 in memory, one database per scenario.
 */
class DatabaseBackendConfigurationTests {

	private static final AtomicInteger databases = new AtomicInteger();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachetteAutoConfiguration.class));

	@Test
	void databaseBackend_usesTheApplicationsOnlyDataSource() {
		this.runner.withBean(DataSource.class, DatabaseBackendConfigurationTests::h2)
			.withPropertyValues("caches.default.backend=database", "caches.default.location=app_cache",
					"caches.default.options.create-table=true")
			.run((context) -> {
				Cache cache = context.getBean(Cache.class);
				assertThat(cache).isInstanceOf(DatabaseCache.class);
				cache.set("key", "value");
				assertThat(cache.<String>get("key")).isEqualTo("value");
				assertThat(rows(context.getBean(DataSource.class), "app_cache")).isOne();
			});
	}

	@Test
	void djangoBackendPath_isTheDatabaseBackend() {
		this.runner.withBean(DataSource.class, DatabaseBackendConfigurationTests::h2)
			.withPropertyValues("caches.default.backend=django.core.cache.backends.db.DatabaseCache",
					"caches.default.location=my_cache_table")
			.run((context) -> assertThat(context.getBean(Cache.class)).isInstanceOf(DatabaseCache.class));
	}

	@Test
	void datasourceOption_namesTheBean() {
		this.runner.withUserConfiguration(TwoDataSources.class)
			.withPropertyValues("caches.default.backend=database", "caches.default.location=named_cache",
					"caches.default.options.datasource=second", "caches.default.options.create-table=true")
			.run((context) -> {
				context.getBean(Cache.class).set("key", "value");
				assertThat(rows(context.getBean("second", DataSource.class), "named_cache")).isOne();
				assertThat(tableExists(context.getBean("first", DataSource.class), "named_cache")).isFalse();
			});
	}

	@Test
	void severalDataSourcesAndNonePrimary_failNamingThem() {
		this.runner.withUserConfiguration(TwoDataSources.class)
			.withPropertyValues("caches.default.backend=database", "caches.default.location=cache_table")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("caches.default uses the database backend, but the application has several"
						+ " DataSource beans [first, second] and none is @Primary; name one in"
						+ " caches.default.options.datasource"));
	}

	@Test
	void severalDataSources_thePrimaryIsTheDefault() {
		this.runner.withUserConfiguration(TwoDataSources.class, PrimaryDataSource.class)
			.withPropertyValues("caches.default.backend=database", "caches.default.location=primary_cache",
					"caches.default.options.create-table=true")
			.run((context) -> {
				context.getBean(Cache.class).set("key", "value");
				assertThat(rows(context.getBean("primary", DataSource.class), "primary_cache")).isOne();
			});
	}

	@Test
	void noDataSource_failsSayingWhatToAdd() {
		this.runner.withPropertyValues("caches.default.backend=database", "caches.default.location=cache_table")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("the application has no DataSource bean; add spring-boot-starter-jdbc"));
	}

	@Test
	void unknownDataSourceName_failsNamingTheBeans() {
		this.runner.withUserConfiguration(TwoDataSources.class)
			.withPropertyValues("caches.default.backend=database", "caches.default.location=cache_table",
					"caches.default.options.read-datasource=replica", "caches.default.options.datasource=first")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("caches.default.options.read-datasource must name a DataSource bean"
						+ " (was 'replica'; DataSource beans: [first, second])"));
	}

	@Test
	void readDatasourceOption_servesReads() {
		// Two databases stand for a primary and a replica that has not caught up: a value
		// written to the primary is not yet visible through the replica.
		this.runner.withUserConfiguration(TwoDataSources.class)
			.withPropertyValues("caches.default.backend=database", "caches.default.location=replicated",
					"caches.default.options.datasource=first", "caches.default.options.read-datasource=second",
					"caches.default.options.create-table=true")
			.run((context) -> {
				DataSource replica = context.getBean("second", DataSource.class);
				new JdbcTemplate(replica).execute("CREATE TABLE \"replicated\" (\"cache_key\" varchar(255) PRIMARY KEY,"
						+ " \"value\" varbinary NOT NULL, \"expires\" timestamp NOT NULL)");
				Cache cache = context.getBean(Cache.class);
				cache.set("key", "value");
				assertThat(rows(context.getBean("first", DataSource.class), "replicated")).isOne();
				assertThat(cache.<String>get("key")).isNull();
				new JdbcTemplate(replica).update("INSERT INTO \"replicated\" VALUES (?, ?, ?)", ":1:key",
						"42".getBytes(StandardCharsets.US_ASCII), java.time.LocalDateTime.of(9999, 1, 1, 0, 0));
				assertThat(cache.<Long>get("key")).isEqualTo(42L);
				assertThat(cache.hasKey("key")).isTrue();
			});
	}

	@Test
	void withoutSpringJdbc_theBackendBacksOffAndTheErrorSaysWhatToAdd() {
		this.runner.withClassLoader(new FilteredClassLoader(JdbcTemplate.class))
			.withPropertyValues("caches.default.backend=database", "caches.default.location=cache_table")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("caches.default.backend 'database' needs "
						+ "org.springframework.boot:spring-boot-starter-jdbc on the classpath"));
	}

	@Test
	void createcachetableProperty_registersTheCommand() {
		this.runner.withBean(DataSource.class, DatabaseBackendConfigurationTests::h2)
			.withPropertyValues("caches.default.backend=database", "caches.default.location=cache_table")
			.run((context) -> assertThat(context).doesNotHaveBean(CreateCacheTableRunner.class));
		this.runner.withBean(DataSource.class, DatabaseBackendConfigurationTests::h2)
			.withPropertyValues("caches.default.backend=database", "caches.default.location=cache_table",
					"cachette.createcachetable=")
			.run((context) -> assertThat(context).hasSingleBean(CreateCacheTableRunner.class));
	}

	@Test
	void createcachetableCommand_createsEveryDatabaseAliasTableAndExits() {
		this.runner.withBean(DataSource.class, DatabaseBackendConfigurationTests::h2)
			.withPropertyValues("caches.default.backend=database", "caches.default.location=first_table",
					"caches.sessions.backend=database", "caches.sessions.location=second_table",
					"caches.local.backend=locmem")
			.run((context) -> {
				ByteArrayOutputStream out = new ByteArrayOutputStream();
				AtomicInteger exitCode = new AtomicInteger(-1);
				new CreateCacheTableRunner(context.getBean(Caches.class), (ConfigurableApplicationContext) context,
						new PrintStream(out, true, StandardCharsets.UTF_8), exitCode::set)
					.run(new DefaultApplicationArguments());
				assertThat(out.toString(StandardCharsets.UTF_8)).isEqualToNormalizingNewlines(
						"Cache table 'first_table' created.\nCache table 'second_table' created.\n");
				assertThat(exitCode).hasValue(0);
				assertThat(context.isActive()).isFalse();
			});
	}

	@Test
	void createcachetableCommand_dryRun_printsTheSql() {
		this.runner.withBean(DataSource.class, DatabaseBackendConfigurationTests::h2)
			.withPropertyValues("caches.default.backend=database", "caches.default.location=dry_table")
			.run((context) -> {
				ByteArrayOutputStream out = new ByteArrayOutputStream();
				new CreateCacheTableRunner(context.getBean(Caches.class), (ConfigurableApplicationContext) context,
						new PrintStream(out, true, StandardCharsets.UTF_8), (code) -> {
						})
					.run(new DefaultApplicationArguments("--cachette.createcachetable", "--dry-run"));
				assertThat(out.toString(StandardCharsets.UTF_8)).isEqualToNormalizingNewlines("""
						CREATE TABLE "dry_table" (
						    "cache_key" varchar(255) NOT NULL PRIMARY KEY,
						    "value" varbinary NOT NULL,
						    "expires" timestamp(6) NOT NULL
						);
						CREATE INDEX "dry_table_expires" ON "dry_table" ("expires");
						""");
			});
	}

	@Test
	void createcachetableCommand_withoutDatabaseAliases_saysSo() {
		this.runner.withPropertyValues("caches.default.backend=locmem").run((context) -> {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			new CreateCacheTableRunner(context.getBean(Caches.class), (ConfigurableApplicationContext) context,
					new PrintStream(out, true, StandardCharsets.UTF_8), (code) -> {
					})
				.run(new DefaultApplicationArguments());
			assertThat(out.toString(StandardCharsets.UTF_8)).contains("No cache alias uses the database backend");
		});
	}

	static DataSource h2() {
		return new SimpleDriverDataSource(new org.h2.Driver(),
				"jdbc:h2:mem:autoconfig" + databases.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
	}

	private static long rows(DataSource dataSource, String table) {
		return new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM \"" + table + "\"", Long.class);
	}

	private static boolean tableExists(DataSource dataSource, String table) {
		return new JdbcTemplate(dataSource).queryForObject(
				"SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = ?", Long.class, table) > 0;
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoDataSources {

		@Bean
		DataSource first() {
			return h2();
		}

		@Bean
		DataSource second() {
			return h2();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PrimaryDataSource {

		@Bean
		@Primary
		DataSource primary() {
			return h2();
		}

	}

}
