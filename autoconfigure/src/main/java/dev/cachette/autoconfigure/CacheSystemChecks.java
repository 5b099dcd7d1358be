package dev.cachette.autoconfigure;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import dev.cachette.cache.Cache;
import dev.cachette.cache.Caches;
import dev.cachette.cache.backend.file.FileBasedCache;

/**
 * Django's cache system checks ({@code django/core/checks/caches.py}) as WARN logs once
 * the application context is ready, each line starting with a stable id:
 * <ul>
 * <li>{@code cachette.W002} (Django's {@code caches.W002}): a file cache's directory
 * matches, is inside or contains a directory the application serves or packages: a
 * {@code file:} entry of {@code spring.web.resources.static-locations} (Django's
 * {@code STATIC_ROOT}, {@code STATICFILES_DIRS}), or the project's
 * {@code src/main/resources} or {@code src/main/webapp} under the working directory
 * (whatever is there ends up in the application's classpath or web root);</li>
 * <li>{@code cachette.W003} (Django's {@code caches.W003}): a file cache's
 * {@code location} is relative, so it moves with the working directory.</li>
 * </ul>
 * Django's {@code caches.E001} (no {@code default} alias) is not a warning here: such an
 * application does not start. The texts are Django's, with Cachette's setting names.
 */
final class CacheSystemChecks implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(CacheSystemChecks.class);

	private static final String STATIC_LOCATIONS = "spring.web.resources.static-locations";

	private final Caches caches;

	private final Environment environment;

	private final Path projectDirectory;

	CacheSystemChecks(Caches caches, Environment environment) {
		this(caches, environment, Path.of("").toAbsolutePath());
	}

	CacheSystemChecks(Caches caches, Environment environment, Path projectDirectory) {
		this.caches = caches;
		this.environment = environment;
		this.projectDirectory = projectDirectory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		check().forEach(logger::warn);
	}

	/**
	 * Runs every check.
	 * @return the warnings, each starting with its id
	 */
	List<String> check() {
		List<String> warnings = new ArrayList<>();
		Map<Path, String> exposed = exposedDirectories();
		for (String alias : this.caches.aliases()) {
			Cache cache = this.caches.get(alias);
			if (!(cache instanceof FileBasedCache fileCache)) {
				continue;
			}
			String location = fileCache.settings().location().trim();
			Path directory = resolve(location);
			if (directory == null) {
				continue;
			}
			exposed.forEach((path, name) -> {
				String relation = relation(directory, path);
				if (relation != null) {
					warnings.add("cachette.W002: Your '" + alias + "' cache configuration might expose your cache"
							+ " or lead to corruption of your data because its LOCATION " + relation + " " + name + " ("
							+ path + ").");
				}
			});
			if (!Path.of(location).isAbsolute()) {
				warnings.add("cachette.W003: Your '" + alias + "' cache LOCATION path is relative. Use an absolute"
						+ " path instead (caches." + alias + ".location '" + location + "' is " + directory + ").");
			}
		}
		return warnings;
	}

	/** The directories a cache must stay out of, and the setting that names each. */
	private Map<Path, String> exposedDirectories() {
		Map<Path, String> exposed = new LinkedHashMap<>();
		List<String> locations = Binder.get(this.environment)
			.bind(STATIC_LOCATIONS, Bindable.listOf(String.class))
			.orElse(List.of());
		for (String location : locations) {
			String trimmed = location.trim();
			if (trimmed.toLowerCase(Locale.ROOT).startsWith("file:")) {
				Path path = resolve(trimmed.substring("file:".length()));
				if (path != null) {
					exposed.put(path, STATIC_LOCATIONS);
				}
			}
		}
		for (String project : List.of("src/main/resources", "src/main/webapp")) {
			exposed.putIfAbsent(real(this.projectDirectory.resolve(project).normalize()), "the project's " + project);
		}
		return exposed;
	}

	/** Django's three relations, or {@code null} when the directories are apart. */
	private static @Nullable String relation(Path cache, Path exposed) {
		if (cache.equals(exposed)) {
			return "matches";
		}
		if (cache.startsWith(exposed)) {
			return "is inside";
		}
		if (exposed.startsWith(cache)) {
			return "contains";
		}
		return null;
	}

	private static @Nullable Path resolve(String location) {
		try {
			return real(Path.of(location).toAbsolutePath().normalize());
		}
		catch (InvalidPathException ex) {
			return null;
		}
	}

	/** Resolves symbolic links where the path exists, as Django's {@code resolve()}. */
	private static Path real(Path path) {
		try {
			return path.toRealPath();
		}
		catch (IOException ex) {
			return path;
		}
	}

}
