package dev.cachette.cache.backend.locmem;

import java.util.UUID;

import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheContractTests;
import dev.cachette.cache.settings.CacheSettings;

/**
 * The contract on {@link LocMemCache} with {@code eviction: w-tinylfu}, the Caffeine
 * store, with the fake clock.
 */
class LocMemTinyLfuCacheContractTests extends CacheContractTests {

	private final String location = "w-tinylfu-" + UUID.randomUUID();

	@Override
	protected Cache createCache(CacheSettings.Builder settings) {
		return new LocMemCache(settings.location(this.location).option("eviction", "w-tinylfu").build());
	}

	@Override
	protected boolean usesFakeClock() {
		return true;
	}

	/** Django's locmem names the made key. */
	@Override
	protected String keyNotFoundMessage(String key, String storedKey) {
		return "Key '" + storedKey + "' not found";
	}

}
