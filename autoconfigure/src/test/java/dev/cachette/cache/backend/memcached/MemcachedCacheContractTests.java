package dev.cachette.cache.backend.memcached;

import org.junit.jupiter.api.BeforeEach;

import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheContractTests;
import dev.cachette.cache.TestServers;
import dev.cachette.cache.settings.CacheSettings;

/**
 * The whole contract on {@link MemcachedCache} against a real memcached
 * ({@code CACHETTE_MEMCACHED}), in real time. The server is emptied before each test,
 * since the suite's {@code clear()} is {@code flush_all} anyway.
 */
class MemcachedCacheContractTests extends CacheContractTests {

	private final String server = MemcachedTestServers.first();

	@BeforeEach
	void emptyTheServer() {
		MemcachedTestServers.send(this.server, "flush_all", "OK");
	}

	@Override
	protected Cache createCache(CacheSettings.Builder settings) {
		return new MemcachedCache(
				TestServers.withBehaviourDeadline(settings.location(this.server).option("connect-timeout", "5s"))
					.build());
	}

	/** Django's {@code BaseMemcachedCache.incr} names the stored key. */
	@Override
	protected String keyNotFoundMessage(String key, String storedKey) {
		return "Key '" + storedKey + "' not found";
	}

	@Override
	protected void plantRawBytes(String key, byte[] value) {
		MemcachedTestServers.set(this.server, this.cache.makeKey(key), value);
	}

	@Override
	protected boolean supportsNonPortableKeys() {
		return false;
	}

	@Override
	protected boolean supportsNegativeCounters() {
		return false;
	}

	@Override
	protected boolean supportsLargeValues() {
		return false;
	}

}
