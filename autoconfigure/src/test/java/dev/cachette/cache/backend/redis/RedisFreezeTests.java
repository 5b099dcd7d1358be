package dev.cachette.cache.backend.redis;

import java.util.ArrayList;
import java.util.List;

import dev.cachette.cache.BaseCache;
import dev.cachette.cache.CacheSettings;
import dev.cachette.cache.backend.BackendFreezeTests;
import dev.cachette.cache.backend.ProcessFreezeTests;

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

	@Override
	protected BaseCache createCache(CacheSettings.Builder settings) {
		return new RedisCache(settings.backend("redis").location("redis://127.0.0.1:" + port() + "/0").build());
	}

}
