package dev.cachette.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.cachette.cache.Cache;
import dev.cachette.cache.InvalidCacheBackendException;
import dev.cachette.cache.backend.file.FileBasedCache;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wiring of the {@code filebased} backend through {@link CachetteAutoConfiguration}.
 */
class FileBasedBackendConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachetteAutoConfiguration.class));

	@TempDir
	Path temp;

	@Test
	void filebasedByNameStoresFilesInTheLocation() {
		this.runner
			.withPropertyValues("caches.default.backend=filebased", "caches.default.location=" + this.temp,
					"caches.default.options.max-entries=1000", "caches.default.options.cull-frequency=4")
			.run((context) -> {
				Cache cache = context.getBean(Cache.class);
				assertThat(cache).isInstanceOf(FileBasedCache.class);
				cache.set("k", "v");
				try (var files = Files.list(this.temp)) {
					assertThat(files.map((file) -> file.getFileName().toString()))
						.anyMatch((name) -> name.endsWith(".cachette"));
				}
			});
	}

	@Test
	void djangoPathIsASynonym() {
		this.runner
			.withPropertyValues("caches.default.BACKEND=django.core.cache.backends.filebased.FileBasedCache",
					"caches.default.LOCATION=" + this.temp, "caches.default.OPTIONS.MAX_ENTRIES=10")
			.run((context) -> assertThat(context.getBean(Cache.class)).isInstanceOf(FileBasedCache.class));
	}

	@Test
	void locationThatIsAFileFailsAtStartup() throws Exception {
		Path file = Files.writeString(this.temp.resolve("file"), "x");
		this.runner.withPropertyValues("caches.default.backend=filebased", "caches.default.location=" + file)
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidCacheBackendException.class)
				.hasMessageContaining("caches.default.location must be a directory"));
	}

	@Test
	void unknownOptionFailsNamingTheValidOnes() {
		this.runner
			.withPropertyValues("caches.default.backend=filebased", "caches.default.location=" + this.temp,
					"caches.default.options.by-reference=true")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("unknown option 'byreference' for backend filebased")
				.hasMessageContaining("cull-frequency"));
	}

}
