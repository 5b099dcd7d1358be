package dev.cachette.cache.backend;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

import dev.cachette.cache.Cache;
import dev.cachette.cache.InvalidCacheBackendException;
import dev.cachette.cache.settings.CacheSettings;

/**
 * A kind of backend that aliases can name in {@code caches.<alias>.backend}: the name
 * ({@code locmem}), Django's dotted paths for the same backend, the options it accepts,
 * and how to create one alias's cache.
 *
 * <p>
 * The built-in backends are registered by the auto-configuration, each only when its
 * client library is on the classpath. Register your own as a bean of this type; or skip
 * the bean and name your class in {@code backend}, giving it a public constructor taking
 * {@link CacheSettings}.
 */
public interface CacheBackend {

	/**
	 * The name aliases use, in lower case ({@code locmem}, {@code redis}, ...).
	 * @return the name
	 */
	String name();

	/**
	 * Other names for the same backend, such as Django's dotted class paths, so that a
	 * Django {@code CACHES} setting translates line by line.
	 * @return the synonyms
	 */
	List<String> synonyms();

	/**
	 * The options this backend accepts besides the common ones ({@code serializer},
	 * {@code allowed-classes}, {@code key-warnings}), in their documented spelling. An
	 * alias naming any other option fails at startup.
	 * @return the option names
	 */
	Set<String> options();

	/**
	 * Creates the cache of one alias.
	 * @param settings the alias settings
	 * @return the cache
	 * @throws InvalidCacheBackendException if the settings are invalid for this backend
	 */
	Cache create(CacheSettings settings);

	/**
	 * Describes a backend.
	 * @param name the name
	 * @param synonyms other names
	 * @param options the options it accepts
	 * @param factory creates one alias's cache
	 * @return the backend
	 */
	static CacheBackend of(String name, List<String> synonyms, Set<String> options,
			Function<CacheSettings, Cache> factory) {
		return new CacheBackend() {

			@Override
			public String name() {
				return name;
			}

			@Override
			public List<String> synonyms() {
				return synonyms;
			}

			@Override
			public Set<String> options() {
				return options;
			}

			@Override
			public Cache create(CacheSettings settings) {
				return factory.apply(settings);
			}

			@Override
			public String toString() {
				return name;
			}

		};
	}

}
