package dev.cachette.cache.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.cachette.cache.TestRemoteCache;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a {@link VersionView} shares with the cache it views: the backend's own
 * primitives, many-key ones included, its statistics and its breaker; never its
 * lifecycle.
 */
class VersionViewTests {

	private final RecordingCache cache = new RecordingCache(CacheSettings.builder("views").build());

	@Test
	void getMany_onAView_usesTheBackendsOwnMultiKeyRead() {
		this.cache.withVersion(2).set("a", 1);
		this.cache.withVersion(2).set("b", 2);
		assertThat(this.cache.withVersion(2).getMany(List.of("a", "b"))).containsOnlyKeys("a", "b");
		assertThat(this.cache.multiGets).containsExactly(List.of(":2:a", ":2:b"));
	}

	@Test
	void aView_sharesStatisticsAndBreakerWithItsCache() {
		BaseCache view = (BaseCache) this.cache.withVersion(2);
		view.get("missing");
		assertThat(view.statistics()).isSameAs(this.cache.statistics());
		assertThat(this.cache.statistics().misses()).isEqualTo(1);
		assertThat(view.circuitBreaker()).isSameAs(this.cache.circuitBreaker()).isNotNull();
	}

	@Test
	void withVersion_ofTheCachesOwnVersion_returnsTheCache() {
		assertThat(this.cache.withVersion(2).withVersion(1)).isSameAs(this.cache);
	}

	@Test
	void close_onAView_leavesTheCacheOpen() {
		this.cache.withVersion(2).close();
		assertThat(this.cache.closed).isFalse();
		this.cache.close();
		assertThat(this.cache.closed).isTrue();
	}

	/** A remote-looking backend that records its multi-key reads and its closing. */
	static final class RecordingCache extends TestRemoteCache {

		final List<List<String>> multiGets = new ArrayList<>();

		boolean closed;

		RecordingCache(CacheSettings settings) {
			super(settings);
		}

		@Override
		protected Map<String, @Nullable Object> getValues(List<String> keys) {
			this.multiGets.add(List.copyOf(keys));
			return super.getValues(keys);
		}

		@Override
		protected void closeStore() {
			this.closed = true;
		}

	}

}
