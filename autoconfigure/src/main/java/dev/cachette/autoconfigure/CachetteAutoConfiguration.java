package dev.cachette.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

import dev.cachette.cache.Cache;
import dev.cachette.cache.Caches;
import dev.cachette.cache.backend.CacheBackend;

/**
 * Creates the aliases of {@code caches:} as a {@link Caches} registry and one
 * {@link Cache} bean per alias.
 */
@AutoConfiguration
@EnableConfigurationProperties({ CachesProperties.class, CacheMiddlewareProperties.class })
@Import({ LocMemBackendConfiguration.class, DummyBackendConfiguration.class, FileBasedBackendConfiguration.class,
		RedisBackendConfiguration.class, MemcachedBackendConfiguration.class, DatabaseBackendConfiguration.class })
public final class CachetteAutoConfiguration {

	private static final String TASK_EXECUTOR = "applicationTaskExecutor";

	@Bean
	static AliasBeansRegistrar cachetteAliasBeansRegistrar() {
		return new AliasBeansRegistrar();
	}

	@Bean
	@ConditionalOnMissingBean
	Caches caches(Environment environment, ConfigurableListableBeanFactory beanFactory,
			ObjectProvider<CacheBackend> backends, ObjectProvider<CacheSettingsCustomizer> customizers) {
		CacheBackends registry = new CacheBackends(backends.orderedStream().toList(), beanFactory.getBeanClassLoader());
		List<String> packages = AutoConfigurationPackages.has(beanFactory) ? AutoConfigurationPackages.get(beanFactory)
				: List.of();
		Executor executor = beanFactory.containsBean(TASK_EXECUTOR)
				&& beanFactory.isTypeMatch(TASK_EXECUTOR, Executor.class)
						? beanFactory.getBean(TASK_EXECUTOR, Executor.class) : null;
		CachesFactory factory = new CachesFactory(registry, beanFactory, packages, customizers.orderedStream().toList(),
				executor, beanFactory.getBeanClassLoader());
		return factory.create(new AliasPropertiesBinder(environment).bind(), userCaches(beanFactory));
	}

	@Bean
	CacheSystemChecks cachetteSystemChecks(Caches caches, Environment environment) {
		return new CacheSystemChecks(caches, environment);
	}

	/**
	 * Cache beans the user defined under an alias's name; they take the alias's place.
	 */
	private static Map<String, Cache> userCaches(ConfigurableListableBeanFactory beanFactory) {
		Map<String, Cache> user = new LinkedHashMap<>();
		for (String name : beanFactory.getBeanNamesForType(Cache.class, true, false)) {
			if (beanFactory.containsBeanDefinition(name)
					&& beanFactory.getBeanDefinition(name).getAttribute(AliasBeansRegistrar.ALIAS_ATTRIBUTE) == null) {
				user.put(name, beanFactory.getBean(name, Cache.class));
			}
		}
		return user;
	}

}
