package dev.cachette.autoconfigure;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.cachette.cache.Caches;
import dev.cachette.cache.InvalidCacheBackendException;
import dev.cachette.cache.backend.CacheBackend;
import dev.cachette.cache.backend.db.DatabaseCache;
import dev.cachette.cache.settings.CacheSettings;

/**
 * Registers the {@code database} backend when Spring JDBC is on the classpath, and the
 * {@code --cachette.createcachetable} command.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.jdbc.core.JdbcTemplate")
class DatabaseBackendConfiguration {

	@Bean
	CacheBackend databaseCacheBackend(ListableBeanFactory beanFactory) {
		return CacheBackend.of("database",
				List.of("django.core.cache.backends.db.DatabaseCache", DatabaseCache.class.getName()),
				Set.of("datasource", "read-datasource", "create-table", "max-entries", "cull-frequency",
						"statement-timeout", "operation-timeout", "background-timeout"),
				(settings) -> {
					DataSource dataSource = dataSource(beanFactory, settings);
					String read = settings.stringOption("read-datasource", "");
					return new DatabaseCache(settings, dataSource,
							read.isEmpty() ? dataSource : named(beanFactory, settings, "read-datasource", read));
				});
	}

	@Bean
	@ConditionalOnProperty(CreateCacheTableRunner.PROPERTY)
	CreateCacheTableRunner cachetteCreateCacheTableRunner(Caches caches, ConfigurableApplicationContext context) {
		return new CreateCacheTableRunner(caches, context, System.out, System::exit);
	}

	/**
	 * The bean {@code options.datasource} names, or else the application's only (or
	 * {@code @Primary}) data source.
	 */
	private static DataSource dataSource(ListableBeanFactory beanFactory, CacheSettings settings) {
		String name = settings.stringOption("datasource", "");
		if (!name.isEmpty()) {
			return named(beanFactory, settings, "datasource", name);
		}
		DataSource dataSource = beanFactory.getBeanProvider(DataSource.class).getIfUnique();
		if (dataSource == null) {
			String[] names = beanFactory.getBeanNamesForType(DataSource.class);
			throw new InvalidCacheBackendException((names.length == 0)
					? "caches." + settings.alias() + " uses the database backend, but the application has no"
							+ " DataSource bean; add spring-boot-starter-jdbc and spring.datasource.url, or name a"
							+ " DataSource bean in caches." + settings.alias() + ".options.datasource"
					: "caches." + settings.alias() + " uses the database backend, but the application has several"
							+ " DataSource beans " + Arrays.toString(names)
							+ " and none is @Primary; name one in caches." + settings.alias() + ".options.datasource");
		}
		return dataSource;
	}

	private static DataSource named(ListableBeanFactory beanFactory, CacheSettings settings, String option,
			String name) {
		try {
			return beanFactory.getBean(name, DataSource.class);
		}
		catch (NoSuchBeanDefinitionException ex) {
			throw new InvalidCacheBackendException("caches." + settings.alias() + ".options." + option
					+ " must name a DataSource bean (was '" + name + "'; DataSource beans: "
					+ Arrays.toString(beanFactory.getBeanNamesForType(DataSource.class)) + ")");
		}
	}

}
