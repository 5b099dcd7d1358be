package dev.cachette.web;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.cachette.cache.revalidation.Envelopes;
import dev.cachette.cache.serialization.AllowList;
import dev.cachette.cache.serialization.JavaSerializer;
import dev.cachette.cache.serialization.JsonSerializer;
import dev.cachette.cache.serialization.Serializer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page with stale windows goes through both serializers with the default allow-list, as
 * the pages of shared backends (Redis, memcached, database, files) do.
 */
class StalePageSerializationTests {

	static List<Serializer> serializers() {
		return List.of(new JavaSerializer(AllowList.defaults()), new JsonSerializer(AllowList.defaults()));
	}

	@ParameterizedTest
	@MethodSource("serializers")
	void pageEntryRoundTrips(Serializer serializer) {
		CachedPage page = new CachedPage(200, List.of("Content-Type", "Vary"), List.of("text/html", "Cookie"),
				"<p>hello</p>".getBytes(StandardCharsets.UTF_8), true, true);
		Object entry = Envelopes.of(page, 1_700_000_000_000L, 30_000, 300_000);
		Object read = serializer.deserialize(serializer.serialize(entry));
		assertThat(Envelopes.isEnvelope(read)).isTrue();
		assertThat(Envelopes.times(read)).containsExactly(1_700_000_000_000L, 30_000, 300_000);
		CachedPage copied = (CachedPage) Envelopes.value(read);
		assertThat(copied.headerValues()).isEqualTo(page.headerValues());
		assertThat(new String(copied.body(), StandardCharsets.UTF_8)).isEqualTo("<p>hello</p>");
	}

}
