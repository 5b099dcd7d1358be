package dev.cachette.autoconfigure;

import java.lang.reflect.Constructor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;

import dev.cachette.cache.Cache;
import dev.cachette.cache.Caches;
import dev.cachette.cache.InvalidCacheBackendException;
import dev.cachette.cache.KeyFunction;
import dev.cachette.cache.serialization.AllowList;
import dev.cachette.cache.serialization.JavaSerializer;
import dev.cachette.cache.serialization.Serializer;
import dev.cachette.cache.settings.CacheSettings;

/**
 * Turns the bound {@code caches:} properties into {@link CacheSettings} and creates the
 * {@link Caches} registry, failing at startup with a message that names the alias, the
 * setting, the bad value and what is valid.
 */
final class CachesFactory {

	private static final Pattern INDEXED_OPTION = Pattern.compile("(.+)\\[(\\d+)]");

	private static final String JSON_SERIALIZER = "dev.cachette.cache.serialization.JsonSerializer";

	private final CacheBackends backends;

	private final BeanFactory beanFactory;

	private final List<String> applicationPackages;

	private final List<CacheSettingsCustomizer> customizers;

	private final @Nullable Executor executor;

	private final ClassLoader classLoader;

	CachesFactory(CacheBackends backends, BeanFactory beanFactory, List<String> applicationPackages,
			List<CacheSettingsCustomizer> customizers, @Nullable Executor executor, ClassLoader classLoader) {
		this.backends = backends;
		this.beanFactory = beanFactory;
		this.applicationPackages = applicationPackages;
		this.customizers = customizers;
		this.executor = executor;
		this.classLoader = classLoader;
	}

	/**
	 * Creates every alias's cache; an alias that is already a user-defined bean uses that
	 * bean. If one alias fails, those already created are closed.
	 */
	Caches create(Map<String, CacheAliasProperties> aliases, Map<String, Cache> userCaches) {
		if (!aliases.containsKey(Caches.DEFAULT_ALIAS) && !userCaches.containsKey(Caches.DEFAULT_ALIAS)
				&& aliases.keySet().stream().noneMatch((alias) -> alias.equalsIgnoreCase(Caches.DEFAULT_ALIAS))) {
			// Django starts and fails its system check caches.E001 instead.
			throw new InvalidCacheBackendException(
					"caches has no 'default' alias; define caches.default (configured aliases: " + aliases.keySet()
							+ "). Django would start and report caches.E001 \"You must define a 'default' cache in"
							+ " your CACHES setting.\"; Cachette refuses to start");
		}
		Map<String, Cache> caches = new LinkedHashMap<>();
		try {
			aliases.forEach((alias, properties) -> {
				Cache user = userCaches.get(alias);
				caches.put(alias, (user != null) ? user : this.backends.create(settings(alias, properties)));
			});
		}
		catch (RuntimeException ex) {
			caches.values().forEach(Cache::close);
			throw ex;
		}
		return new Caches(caches);
	}

	CacheSettings settings(String alias, CacheAliasProperties properties) {
		CacheSettings.Builder builder = CacheSettings.builder(alias)
			.backend(properties.getBackend())
			.locations(properties.getLocation())
			.timeout(timeout(alias, properties.getTimeout()))
			.keyPrefix(properties.getKeyPrefix())
			.version(properties.getVersion())
			.options(options(properties.getOptions()));
		if (this.executor != null) {
			builder.executor(this.executor);
		}
		if (properties.getKeyFunction() != null) {
			builder.keyFunction(keyFunction(alias, properties.getKeyFunction()));
		}
		CacheSettings withOptions = builder.build();
		builder.serializer(serializer(withOptions));
		this.customizers.forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	private static Duration timeout(String alias, @Nullable String timeout) {
		if (timeout == null) {
			return CacheSettings.DEFAULT_TIMEOUT;
		}
		try {
			return CacheSettings.parseTimeout(timeout);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidCacheBackendException("caches." + alias
					+ ".timeout must be a number of seconds, none (never expire) or a duration such as 5m (was '"
					+ timeout + "'); Django would use 300 seconds instead, Cachette refuses to guess");
		}
	}

	/**
	 * Regroups list options: Spring binds {@code allowed-classes: [a, b]} into a
	 * {@code Map<String, Object>} as the keys {@code allowed-classes[0]} and
	 * {@code allowed-classes[1]}.
	 */
	static Map<String, Object> options(Map<String, Object> bound) {
		Map<String, Object> options = new LinkedHashMap<>();
		Map<String, TreeMap<Integer, Object>> lists = new LinkedHashMap<>();
		bound.forEach((key, value) -> {
			Matcher indexed = INDEXED_OPTION.matcher(key);
			if (indexed.matches()) {
				lists.computeIfAbsent(indexed.group(1), (name) -> new TreeMap<>())
					.put(Integer.valueOf(indexed.group(2)), value);
			}
			else {
				options.put(key, value);
			}
		});
		lists.forEach((name, items) -> options.put(name, new ArrayList<>(items.values())));
		return options;
	}

	private KeyFunction keyFunction(String alias, String name) {
		if (this.beanFactory.containsBean(name)) {
			return this.beanFactory.getBean(name, KeyFunction.class);
		}
		return instantiate(alias, "key-function", name, KeyFunction.class, null);
	}

	private Serializer serializer(CacheSettings settings) {
		AllowList allowList = AllowList.defaults()
			.and(this.applicationPackages.stream().map((pkg) -> pkg + ".**").toList())
			.and(settings.listOption("allowed-classes"));
		String name = settings.stringOption("serializer", "java").trim();
		if (name.equalsIgnoreCase("java")) {
			return new JavaSerializer(allowList);
		}
		if (name.equalsIgnoreCase("json")) {
			return instantiate(settings.alias(), "options.serializer", JSON_SERIALIZER, Serializer.class, allowList);
		}
		if (this.beanFactory.containsBean(name)) {
			return this.beanFactory.getBean(name, Serializer.class);
		}
		return instantiate(settings.alias(), "options.serializer", name, Serializer.class, allowList);
	}

	/**
	 * Creates a named class through its {@code (AllowList)} or no-argument constructor.
	 */
	private <T> T instantiate(String alias, String setting, String className, Class<T> type,
			@Nullable AllowList allowList) {
		String where = "caches." + alias + "." + setting + " '" + className + "'";
		try {
			Class<?> found = Class.forName(className, true, this.classLoader);
			if (!type.isAssignableFrom(found)) {
				throw new InvalidCacheBackendException(where + " is not a " + type.getName());
			}
			if (allowList != null) {
				try {
					Constructor<?> constructor = found.getConstructor(AllowList.class);
					return type.cast(constructor.newInstance(allowList));
				}
				catch (NoSuchMethodException ex) {
					// fall back to the no-argument constructor
				}
			}
			return type.cast(found.getConstructor().newInstance());
		}
		catch (ClassNotFoundException ex) {
			throw new InvalidCacheBackendException(where + " is neither a bean nor a class"
					+ (type == Serializer.class ? "; valid: java, json, a bean name or a class name" : ""));
		}
		catch (LinkageError ex) {
			throw new InvalidCacheBackendException(where + " cannot be loaded (is its library, such as "
					+ "tools.jackson.core:jackson-databind for json, on the classpath?): " + ex, ex);
		}
		catch (ReflectiveOperationException ex) {
			throw new InvalidCacheBackendException(where + " cannot be created: " + ex, ex);
		}
	}

}
