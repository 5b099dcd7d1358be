package dev.cachette.autoconfigure;

import dev.cachette.cache.settings.CacheSettings;

/**
 * Adjusts an alias's settings before its cache is created, for what YAML cannot say (a
 * clock, an executor, a serializer instance). Declare beans of this type; they run in
 * order.
 */
@FunctionalInterface
public interface CacheSettingsCustomizer {

	/**
	 * Customizes one alias's settings.
	 * @param builder the settings so far, with {@code builder.build().alias()} the alias
	 */
	void customize(CacheSettings.Builder builder);

}
