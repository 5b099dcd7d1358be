package dev.cachette.cache.backend;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.cachette.cache.CacheUnavailableException;
import dev.cachette.cache.backend.memcached.MemcachedCache;
import dev.cachette.cache.backend.redis.RedisCache;
import dev.cachette.cache.resilience.CircuitBreaker;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The fail-open rule and the circuit breaker on real clients whose server is absent (a
 * closed port): Redis through Lettuce and memcached through Folsom. Reads miss,
 * {@code getOrSet} computes, writes report failure, {@code incr} and {@code add} throw;
 * after five failures the calls stop waiting for the client at all.
 */
class FailOpenIntegrationTests {

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static BaseCache cache(String backend, int port,
			Function<CacheSettings.Builder, CacheSettings.Builder> more) {
		CacheSettings.Builder builder = CacheSettings.builder(backend + "-down")
			.backend(backend)
			.option("connect-timeout", "200ms");
		if (backend.equals("redis")) {
			builder.location("redis://127.0.0.1:" + port + "/0").option("operation-timeout", "300ms");
			return new RedisCache(more.apply(builder).build());
		}
		builder.location("127.0.0.1:" + port).option("operation-timeout", "300ms");
		return new MemcachedCache(more.apply(builder).build());
	}

	@ParameterizedTest
	@ValueSource(strings = { "redis", "memcached" })
	void closedPort_failsOpenPerOperation(String backend) throws IOException {
		try (BaseCache cache = cache(backend, closedPort(), (builder) -> builder.option("circuit-breaker", false))) {
			assertThat(cache.get("k", "default")).isEqualTo("default");
			assertThat(cache.hasKey("k")).isFalse();
			assertThat(cache.getMany(List.of("a", "b"))).isEmpty();
			assertThat(cache.getOrSet("k", () -> "computed")).isEqualTo("computed");
			cache.set("k", "v");
			assertThat(cache.setMany(Map.of("a", 1))).containsExactly("a");
			assertThat(cache.delete("k")).isFalse();
			assertThat(cache.touch("k")).isFalse();
			assertThatExceptionOfType(CacheUnavailableException.class).isThrownBy(() -> cache.incr("n"))
				.withMessageContaining("'" + backend + "-down'");
			assertThatExceptionOfType(CacheUnavailableException.class).isThrownBy(() -> cache.add("k", "v"));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "redis", "memcached" })
	void closedPort_strict_throws(String backend) throws IOException {
		try (BaseCache cache = cache(backend, closedPort(), (builder) -> builder.option("strict", true))) {
			assertThatExceptionOfType(CacheUnavailableException.class).isThrownBy(() -> cache.get("k"));
			assertThatExceptionOfType(CacheUnavailableException.class).isThrownBy(() -> cache.set("k", "v"));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "redis", "memcached" })
	void closedPort_theOpenCircuitAnswersAtOnce(String backend) throws IOException {
		try (BaseCache cache = cache(backend, closedPort(),
				(builder) -> builder.option("circuit-breaker", Map.of("backoff-initial", "1m", "backoff-max", "1m")))) {
			for (int i = 0; i < 5; i++) {
				cache.get("k");
			}
			assertThat(cache.circuitBreaker().state()).isEqualTo(CircuitBreaker.State.OPEN);
			long start = System.nanoTime();
			for (int i = 0; i < 1000; i++) {
				assertThat(cache.get("k", "default")).isEqualTo("default");
			}
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(200));
			assertThat(cache.circuitBreaker().skippedCalls()).isEqualTo(1000);
		}
	}

}
