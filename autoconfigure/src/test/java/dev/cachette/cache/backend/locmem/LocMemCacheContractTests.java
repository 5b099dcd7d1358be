package dev.cachette.cache.backend.locmem;

import java.util.UUID;

import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheContractTests;
import dev.cachette.cache.settings.CacheSettings;

/**
 * The contract on {@link LocMemCache}, storing copies, with {@code eviction: lru} (the
 * default) and the fake clock. Each test instance has its own location, so tests never
 * see each other's store.
 */
class LocMemCacheContractTests extends CacheContractTests {

	private final String location = "contract-" + UUID.randomUUID();

	@Override
	protected Cache createCache(CacheSettings.Builder settings) {
		return new LocMemCache(settings.location(this.location).build());
	}

	/** Django's {@code LocMemCache.incr} names the stored key. */
	@Override
	protected String keyNotFoundMessage(String key, String storedKey) {
		return "Key '" + storedKey + "' not found";
	}

	@Override
	protected boolean usesFakeClock() {
		return true;
	}

}
