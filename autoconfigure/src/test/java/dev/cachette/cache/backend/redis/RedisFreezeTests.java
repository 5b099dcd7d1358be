package dev.cachette.cache.backend.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.cachette.cache.CacheUnavailableException;
import dev.cachette.cache.backend.BackendFreezeTests;
import dev.cachette.cache.backend.BaseCache;
import dev.cachette.cache.backend.ProcessFreezeTests;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link BackendFreezeTests} on a {@code redis-server} of the test's own: Lettuce's
 * per-command timeout ends a call on a frozen server, and a killed one's calls are
 * rejected at once while Lettuce reconnects in the background.
 */
class RedisFreezeTests extends ProcessFreezeTests {

	@Override
	protected String[] command(int port) {
		return redisServer(port);
	}

	/**
	 * A {@code redis-server} in the foreground, without persistence.
	 * @param port its port
	 * @param more further arguments ({@code --replicaof host port})
	 * @return the command
	 */
	static String[] redisServer(int port, String... more) {
		List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no"));
		command.addAll(List.of(more));
		return command.toArray(String[]::new);
	}

	@Test
	void frozenServer_callsEndCloseToTheOperationTimeout_notAtTheNextTickOfLettucesTimer() throws Exception {
		try (BaseCache unguarded = createCache(
				CacheSettings.builder("frozen").option("strict", true).option("circuit-breaker", false))) {
			unguarded.get("connected before the freeze");
			freeze();
			List<Duration> calls = new ArrayList<>();
			for (int i = 0; i < 7; i++) {
				calls.add(elapsed(() -> assertThatExceptionOfType(CacheUnavailableException.class)
					.isThrownBy(() -> unguarded.get("k"))));
			}
			Collections.sort(calls);
			// Lettuce's default timer ticks every 100 ms: 50 ms became 100 to 200 ms.
			assertThat(calls.get(3)).as("the median call")
				.isLessThan(operationTimeout().plus(LettuceClients.TIMER_TICK.multipliedBy(6)));
		}
	}

	@Override
	protected BaseCache createCache(CacheSettings.Builder settings) {
		return new RedisCache(settings.backend("redis").location("redis://127.0.0.1:" + port() + "/0").build());
	}

}
