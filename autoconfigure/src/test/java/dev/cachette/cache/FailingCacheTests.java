package dev.cachette.cache;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link FailingCache}.
 */
class FailingCacheTests {

	private final FailingCache cache = new FailingCache("pages");

	@Test
	void everyStoreOperation_throwsCacheDown() {
		List<ThrowingConsumer<Cache>> operations = List.of((cache) -> cache.get("k"),
				(cache) -> cache.get("k", "default"), (cache) -> cache.getMany(List.of("k")),
				(cache) -> cache.hasKey("k"), (cache) -> cache.set("k", "v"),
				(cache) -> cache.set("k", "v", Duration.ofSeconds(1)), (cache) -> cache.add("k", "v"),
				(cache) -> cache.getOrSet("k", () -> "v"), (cache) -> cache.getOrSet("k", "v"),
				(cache) -> cache.setMany(Map.of("k", "v")), (cache) -> cache.touch("k"), (cache) -> cache.incr("k"),
				(cache) -> cache.decr("k", 2), (cache) -> cache.delete("k"), (cache) -> cache.deleteMany(List.of("k")),
				Cache::clear, (cache) -> cache.incrVersion("k"), (cache) -> cache.decrVersion("k"));
		for (ThrowingConsumer<Cache> operation : operations) {
			assertThatExceptionOfType(CacheException.class).isThrownBy(() -> operation.accept(this.cache))
				.withMessage(FailingCache.MESSAGE);
		}
		assertThat(this.cache.attempts()).isEqualTo(operations.size());
	}

	@Test
	void metadata_answersWithoutAServer() {
		assertThat(this.cache.alias()).isEqualTo("pages");
		assertThat(this.cache.defaultTimeout()).isEqualTo(Duration.ofSeconds(300));
		assertThat(this.cache.makeKey("k")).isEqualTo(":1:k");
		assertThat(this.cache.withVersion(2).makeKey("k")).isEqualTo(":2:k");
		this.cache.validateKey("key with spaces");
		this.cache.close();
		assertThat(this.cache.attempts()).isZero();
	}

	@Test
	void async_completesExceptionally() {
		assertThat(this.cache.async().get("k")).isCompletedExceptionally();
		assertThat(this.cache.withVersion(2).async().set("k", "v")).isCompletedExceptionally();
		assertThat(this.cache.attempts()).isEqualTo(2);
	}

}
