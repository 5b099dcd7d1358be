package dev.cachette.cache.backend;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MadeKeys}: a remembered key is only ever returned for an equal key.
 */
class MadeKeysTests {

	private final MadeKeys keys = new MadeKeys();

	@Test
	void remembersAKeyAndAnswersForAnEqualButDistinctString() {
		this.keys.put("article:1", ":1:article:1");
		assertThat(this.keys.get(new String("article:1"))).isEqualTo(":1:article:1");
		assertThat(this.keys.get("article:2")).isNull();
	}

	@Test
	void aThirdKeyOfTheSamePairReplacesTheOldestAndNeverAnswersForIt() {
		Map<Integer, List<String>> byPair = new HashMap<>();
		List<String> pair = List.of();
		for (int i = 0; pair.size() < 3; i++) {
			String key = "key" + i;
			pair = byPair.computeIfAbsent(MadeKeys.index(key), (index) -> new ArrayList<>());
			pair.add(key);
		}
		pair.forEach((key) -> this.keys.put(key, "made-" + key));
		assertThat(this.keys.get(pair.get(0))).isNull();
		assertThat(this.keys.get(pair.get(1))).isEqualTo("made-" + pair.get(1));
		assertThat(this.keys.get(pair.get(2))).isEqualTo("made-" + pair.get(2));
	}

}
