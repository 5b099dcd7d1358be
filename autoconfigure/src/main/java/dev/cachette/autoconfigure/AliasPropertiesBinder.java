package dev.cachette.autoconfigure;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Binds {@code caches.<alias>} keeping each alias name as written. Spring's map binding
 * drops characters such as {@code _} from unbracketed map keys
 * ({@code template_fragments} would become {@code templatefragments}), so the aliases are
 * read from the property sources in their original form and each is bound with bracket
 * notation.
 */
final class AliasPropertiesBinder {

	private static final Log logger = LogFactory.getLog(AliasPropertiesBinder.class);

	private static final ConfigurationPropertyName CACHES = ConfigurationPropertyName.of("caches");

	private final Environment environment;

	AliasPropertiesBinder(Environment environment) {
		this.environment = environment;
	}

	/**
	 * Binds every configured alias, in the order of the highest-priority property source
	 * that names it. Adds {@code default} as locmem when nothing is configured.
	 * @return the aliases and their properties
	 */
	Map<String, CacheAliasProperties> bind() {
		Map<String, CacheAliasProperties> bound = Binder.get(this.environment)
			.bind(CACHES, Bindable.mapOf(String.class, CacheAliasProperties.class))
			.orElseGet(Map::of);
		Map<String, CacheAliasProperties> byLooseName = new LinkedHashMap<>();
		bound.forEach((key, properties) -> byLooseName.put(looseName(key), properties));
		Map<String, CacheAliasProperties> aliases = new LinkedHashMap<>();
		Map<String, String> seen = new LinkedHashMap<>();
		for (String alias : aliasNames()) {
			String loose = looseName(alias);
			String earlier = seen.putIfAbsent(loose, alias);
			if (earlier != null) {
				if (!earlier.equals(alias)) {
					logger.warn("Cache alias '" + alias + "' is the same alias as '" + earlier
							+ "'; both are bound as '" + earlier + "'");
				}
				continue;
			}
			aliases.put(alias, byLooseName.getOrDefault(loose, new CacheAliasProperties()));
		}
		if (aliases.isEmpty()) {
			aliases.put("default", new CacheAliasProperties());
		}
		return aliases;
	}

	/**
	 * The alias as Spring's map binding may have spelled it: lower case letters and
	 * digits.
	 */
	private static String looseName(String alias) {
		return alias.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
	}

	private Set<String> aliasNames() {
		Set<String> names = new LinkedHashSet<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				iterable.stream()
					.filter((name) -> name.getNumberOfElements() > 1 && CACHES.isAncestorOf(name))
					.forEach((name) -> names.add(name.getElement(1, Form.ORIGINAL)));
			}
		}
		return names;
	}

}
