package dev.cachette.cache.backend.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import org.junit.jupiter.api.BeforeAll;

import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheContractTests;
import dev.cachette.cache.TestServers;
import dev.cachette.cache.settings.CacheSettings;

/**
 * The whole contract on {@link RedisCache} against the real server, in a database of its
 * own (the test database + 1, so 10 by default): the suite's caches have no key prefix,
 * so their {@code clear()} empties that database.
 */
class RedisCacheContractTests extends CacheContractTests {

	private static final String LOCATION = RedisTestSupport.url(RedisTestSupport.URI.getDatabase() + 1);

	@BeforeAll
	static void requireRedis() {
		RedisTestSupport.requireRedis();
	}

	@Override
	protected Cache createCache(CacheSettings.Builder settings) {
		return new RedisCache(TestServers.withBehaviourDeadline(settings.location(LOCATION)).build());
	}

	/** Django's {@code RedisCacheClient.incr} names the stored key, with a period. */
	@Override
	protected String keyNotFoundMessage(String key, String storedKey) {
		return "Key '" + storedKey + "' not found.";
	}

	/** A {@code SET} through a Lettuce connection of its own. */
	@Override
	protected void plantRawBytes(String key, byte[] value) {
		RedisClient client = RedisClient.create(RedisURI.create(LOCATION));
		try (StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE)) {
			connection.sync().set(this.cache.makeKey(key).getBytes(StandardCharsets.UTF_8), value);
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
		}
	}

}
