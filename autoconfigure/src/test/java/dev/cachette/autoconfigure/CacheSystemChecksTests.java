package dev.cachette.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

import dev.cachette.cache.Caches;
import dev.cachette.cache.backend.file.FileBasedCache;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Django's cache system checks as startup warnings ({@code tests/check_framework/
 * test_caches.py}): {@code cachette.W002} for a file cache inside, containing or at a
 * served or packaged directory, {@code cachette.W003} for a relative location.
 */
@ExtendWith(OutputCaptureExtension.class)
class CacheSystemChecksTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachetteAutoConfiguration.class));

	@TempDir
	Path directory;

	/** {@code CheckCacheLocationTest.test_cache_path_matches_media_static_setting}. */
	@Test
	void fileCacheAtAStaticLocationWarnsW002(CapturedOutput output) {
		Path served = this.directory.resolve("public");
		this.runner
			.withPropertyValues("caches.default.backend=filebased", "caches.default.location=" + served,
					"spring.web.resources.static-locations=classpath:/static/,file:" + served + "/")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("cachette.W002: Your 'default' cache configuration might expose your cache"
						+ " or lead to corruption of your data because its LOCATION matches"
						+ " spring.web.resources.static-locations (" + served.toRealPath() + ").");
			});
	}

	/** {@code test_cache_path_inside_media_static_setting}. */
	@Test
	void fileCacheInsideAStaticLocationWarnsW002(CapturedOutput output) {
		Path served = this.directory.resolve("public");
		this.runner
			.withPropertyValues("caches.default.backend=filebased", "caches.default.location=" + served + "/cache",
					"spring.web.resources.static-locations=file:" + served)
			.run((context) -> assertThat(output)
				.contains("its LOCATION is inside spring.web.resources.static-locations"));
	}

	/** {@code test_cache_path_contains_media_static_setting}. */
	@Test
	void fileCacheContainingAStaticLocationWarnsW002(CapturedOutput output) throws IOException {
		Files.createDirectories(this.directory.resolve("cache/public"));
		this.runner
			.withPropertyValues("caches.default.backend=filebased", "caches.default.location=" + this.directory,
					"spring.web.resources.static-locations=file:" + this.directory.resolve("cache/public"))
			.run((context) -> assertThat(output)
				.contains("its LOCATION contains spring.web.resources.static-locations"));
	}

	/** {@code test_cache_path_not_conflict}, {@code test_absolute_path}. */
	@Test
	void fileCacheApartFromServedDirectoriesWarnsNothing(CapturedOutput output) {
		this.runner
			.withPropertyValues("caches.default.backend=filebased",
					"caches.default.location=" + this.directory.resolve("cache"),
					"spring.web.resources.static-locations=file:" + this.directory.resolve("public"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).doesNotContain("cachette.W");
			});
	}

	/** {@code CheckCacheAbsolutePath.test_relative_path}. */
	@Test
	void relativeFileCacheLocationWarnsW003(CapturedOutput output) {
		this.runner
			.withPropertyValues("caches.default.backend=locmem", "caches.files.backend=filebased",
					"caches.files.location=target/cachette-w003")
			.run((context) -> assertThat(output)
				.contains("cachette.W003: Your 'files' cache LOCATION path is relative. Use an absolute path instead"
						+ " (caches.files.location 'target/cachette-w003' is "));
	}

	/**
	 * The project's {@code src/main/resources} is packaged into the application: a cache
	 * there is served or shipped with it.
	 */
	@Test
	void fileCacheInsideTheProjectsResourcesWarnsW002() {
		Path resources = this.directory.resolve("src/main/resources");
		FileBasedCache cache = new FileBasedCache(CacheSettings.builder("default")
			.backend("filebased")
			.location(resources.resolve("static/cache").toString())
			.build());
		try (Caches caches = new Caches(Map.of("default", cache))) {
			assertThat(new CacheSystemChecks(caches, new MockEnvironment(), this.directory).check()).singleElement()
				.asString()
				.startsWith("cachette.W002: Your 'default' cache configuration")
				.contains("its LOCATION is inside the project's src/main/resources");
		}
	}

}
