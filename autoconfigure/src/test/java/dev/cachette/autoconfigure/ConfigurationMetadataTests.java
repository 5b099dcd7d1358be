package dev.cachette.autoconfigure;

import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated configuration metadata (IDE completion) documents every property.
 */
class ConfigurationMetadataTests {

	@Test
	void metadataDescribesCachesAndCacheMiddleware() throws IOException {
		String metadata = read("META-INF/spring-configuration-metadata.json");
		assertThat(metadata).contains("\"name\": \"caches\"")
			.contains("CacheAliasProperties")
			.contains("\"name\": \"cache-middleware.enabled\"")
			.contains("\"name\": \"cache-middleware.alias\"")
			.contains("\"name\": \"cache-middleware.seconds\"")
			.contains("\"name\": \"cache-middleware.key-prefix\"")
			.contains("\"name\": \"caches.keys\"")
			.contains("\"name\": \"cachette.invalidation.base-urls\"")
			.contains("\"name\": \"cachette.warming.enabled\"");
		assertThat(metadata).doesNotContain("\"description\": \"\"");
	}

	@Test
	void aliasOptionsDescribeTheFailureOptions() throws IOException {
		String metadata = read("META-INF/spring-configuration-metadata.json");
		assertThat(metadata).contains("\"name\": \"caches.default.options.strict\"")
			.contains("\"name\": \"caches.default.options.circuit-breaker.failure-threshold\"")
			.contains("\"name\": \"caches.default.options.circuit-breaker.window\"")
			.contains("\"name\": \"caches.default.options.circuit-breaker.backoff-initial\"")
			.contains("\"name\": \"caches.default.options.circuit-breaker.backoff-max\"")
			.contains("\"name\": \"caches.default.options.circuit-breaker.enabled\"")
			.contains("\"replacement\": \"caches.default.options.strict\"");
	}

	private static String read(String path) throws IOException {
		try (InputStream in = new ClassPathResource(path).getInputStream()) {
			return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		}
	}

}
