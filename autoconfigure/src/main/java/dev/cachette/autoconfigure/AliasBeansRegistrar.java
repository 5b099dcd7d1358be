package dev.cachette.autoconfigure;

import java.util.Arrays;
import java.util.Locale;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

import dev.cachette.cache.Cache;
import dev.cachette.cache.Caches;

/**
 * Registers each alias as a {@link Cache} bean named after it, so
 * {@code @Qualifier("local") Cache} works; {@code default} is primary, so a plain
 * {@code Cache} injection point gets it. Runs after the user's configuration is read: an
 * alias that is already a bean name is left to the user's bean, and the default is not
 * primary when the user has a primary {@code Cache} of their own.
 */
final class AliasBeansRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware, Ordered {

	/** Marks the bean definitions this registrar creates. */
	static final String ALIAS_ATTRIBUTE = AliasBeansRegistrar.class.getName() + ".alias";

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		if (!(registry instanceof ListableBeanFactory beanFactory)) {
			return;
		}
		boolean userHasPrimary = Arrays.stream(beanFactory.getBeanNamesForType(Cache.class, true, false))
			.anyMatch((name) -> registry.getBeanDefinition(name).isPrimary());
		for (String alias : new AliasPropertiesBinder(this.environment).bind().keySet()) {
			if (registry.containsBeanDefinition(alias) || registry.isAlias(alias)) {
				continue;
			}
			RootBeanDefinition definition = new RootBeanDefinition(Cache.class,
					() -> ((BeanFactory) registry).getBean(Caches.class).get(alias));
			definition.setAttribute(ALIAS_ATTRIBUTE, alias);
			definition.setRole(BeanDefinition.ROLE_APPLICATION);
			definition.setPrimary(alias.equals(Caches.DEFAULT_ALIAS) && !userHasPrimary);
			registry.registerBeanDefinition(alias, definition);
			registerSpellings(registry, alias);
		}
	}

	/** Makes {@code template_fragments} and {@code template-fragments} name one bean. */
	private static void registerSpellings(BeanDefinitionRegistry registry, String alias) {
		for (String spelling : new String[] { alias.replace('_', '-'), alias.replace('-', '_'),
				alias.toLowerCase(Locale.ROOT) }) {
			if (!spelling.equals(alias) && !registry.containsBeanDefinition(spelling) && !registry.isAlias(spelling)) {
				registry.registerAlias(alias, spelling);
			}
		}
	}

}
