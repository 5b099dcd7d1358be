package dev.cachette.cache.backend.redis;

import org.junit.jupiter.api.BeforeAll;

import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheContractTests;
import dev.cachette.cache.CacheSettings;

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
		return new RedisCache(settings.location(LOCATION).build());
	}

}
