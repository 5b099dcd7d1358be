package dev.cachette.autoconfigure;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import dev.cachette.cache.Cache;
import dev.cachette.cache.InvalidCacheBackendException;
import dev.cachette.cache.backend.CacheBackend;
import dev.cachette.cache.settings.CacheSettings;

/**
 * Finds the backend an alias names: a registered {@link CacheBackend} by name or synonym
 * (Django's dotted paths), or a class with a public {@code (CacheSettings)} constructor.
 * Checks the alias's options against the backend's before creating it.
 */
final class CacheBackends {

	/** Options every backend accepts, handled by Cachette itself. */
	static final Set<String> COMMON_OPTIONS = Set.of("serializer", "allowed-classes", "key-warnings",
			"ignore-exceptions", "strict", "circuit-breaker", "statistics", "single-flight", "lock-timeout",
			"timeout-jitter", "lease");

	/** Built-in backends that need a library: what to add when it is missing. */
	private static final Map<String, String> NEEDS_LIBRARY = Map.of("redis",
			"org.springframework.boot:spring-boot-starter-data-redis", "memcached", "com.spotify:folsom", "database",
			"org.springframework.boot:spring-boot-starter-jdbc", "locmem", "com.github.ben-manes.caffeine:caffeine");

	private final Map<String, CacheBackend> byName = new LinkedHashMap<>();

	private final ClassLoader classLoader;

	CacheBackends(List<CacheBackend> backends, ClassLoader classLoader) {
		this.classLoader = classLoader;
		for (CacheBackend backend : backends) {
			this.byName.putIfAbsent(backend.name().toLowerCase(Locale.ROOT), backend);
			for (String synonym : backend.synonyms()) {
				this.byName.putIfAbsent(synonym.toLowerCase(Locale.ROOT), backend);
			}
		}
	}

	/**
	 * Creates the cache of an alias.
	 * @param settings the alias settings
	 * @return the cache
	 * @throws InvalidCacheBackendException naming the alias, the bad value and what is
	 * valid
	 */
	Cache create(CacheSettings settings) {
		CacheBackend backend = this.byName.get(settings.backend().trim().toLowerCase(Locale.ROOT));
		if (backend != null) {
			checkOptions(settings, backend);
			return backend.create(settings);
		}
		return createFromClass(settings);
	}

	private void checkOptions(CacheSettings settings, CacheBackend backend) {
		Map<String, String> valid = new LinkedHashMap<>();
		COMMON_OPTIONS.forEach((name) -> valid.put(CacheSettings.normalizeOptionName(name), name));
		backend.options().forEach((name) -> valid.put(CacheSettings.normalizeOptionName(name), name));
		for (String option : settings.options().keySet()) {
			if (!valid.containsKey(option)) {
				throw new InvalidCacheBackendException(
						"caches." + settings.alias() + ".options has an unknown option '" + option + "' for backend "
								+ backend.name() + "; valid options are " + new TreeSet<>(valid.values()));
			}
		}
	}

	private Cache createFromClass(CacheSettings settings) {
		String name = settings.backend().trim();
		Class<?> type = loadClass(name);
		if (type == null) {
			throw new InvalidCacheBackendException(unknownBackendMessage(settings));
		}
		if (!Cache.class.isAssignableFrom(type)) {
			throw new InvalidCacheBackendException("caches." + settings.alias() + ".backend '" + name
					+ "' is a class but not a " + Cache.class.getName());
		}
		try {
			Constructor<?> constructor = type.getConstructor(CacheSettings.class);
			return (Cache) constructor.newInstance(settings);
		}
		catch (NoSuchMethodException ex) {
			throw new InvalidCacheBackendException("caches." + settings.alias() + ".backend '" + name
					+ "' needs a public constructor taking " + CacheSettings.class.getName());
		}
		catch (InvocationTargetException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof InvalidCacheBackendException invalid) {
				throw invalid;
			}
			throw new InvalidCacheBackendException(
					"caches." + settings.alias() + ".backend '" + name + "' failed to start: " + cause, cause);
		}
		catch (ReflectiveOperationException ex) {
			throw new InvalidCacheBackendException(
					"caches." + settings.alias() + ".backend '" + name + "' cannot be created: " + ex, ex);
		}
	}

	/**
	 * Starts as Django's {@code CacheHandler.create_connection} does ({@code Could not
	 * find backend '...': }), then says why and what is valid where Django shows the
	 * {@code ImportError}.
	 */
	private String unknownBackendMessage(CacheSettings settings) {
		String name = settings.backend().trim();
		String django = "Could not find backend '" + name + "': ";
		String lower = name.toLowerCase(Locale.ROOT);
		for (Map.Entry<String, String> entry : NEEDS_LIBRARY.entrySet()) {
			if ((lower.equals(entry.getKey()) || lower.contains("." + entry.getKey()))
					&& !this.byName.containsKey(entry.getKey())) {
				return django + "caches." + settings.alias() + ".backend '" + name + "' needs " + entry.getValue()
						+ " on the classpath";
			}
		}
		Set<String> valid = new TreeSet<>();
		this.byName.values().forEach((backend) -> valid.add(backend.name()));
		return django + "caches." + settings.alias() + ".backend '" + name
				+ "' is not a known backend; valid backends are " + valid
				+ ", their Django paths (django.core.cache.backends.locmem.LocMemCache, ...), "
				+ "or the name of a class with a public constructor taking CacheSettings";
	}

	private @Nullable Class<?> loadClass(String name) {
		try {
			return Class.forName(name, false, this.classLoader);
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return null;
		}
	}

}
