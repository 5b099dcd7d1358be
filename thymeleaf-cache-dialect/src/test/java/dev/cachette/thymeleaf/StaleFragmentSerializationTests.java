package dev.cachette.thymeleaf;

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
 * A fragment with stale windows goes through both serializers with the default
 * allow-list, as fragments in shared backends do.
 */
class StaleFragmentSerializationTests {

	static List<Serializer> serializers() {
		return List.of(new JavaSerializer(AllowList.defaults()), new JsonSerializer(AllowList.defaults()));
	}

	@ParameterizedTest
	@MethodSource("serializers")
	void fragmentEntryRoundTrips(Serializer serializer) {
		Object entry = Envelopes.of("<aside>&lt;hi&gt;</aside>", 1_700_000_000_000L, 30_000, 300_000);
		assertThat(serializer.deserialize(serializer.serialize(entry))).isEqualTo(entry);
	}

}
