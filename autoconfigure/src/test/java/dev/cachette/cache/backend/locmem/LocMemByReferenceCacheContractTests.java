package dev.cachette.cache.backend.locmem;

import java.util.UUID;

import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheContractTests;
import dev.cachette.cache.settings.CacheSettings;

/**
 * The contract on {@link LocMemCache} with {@code by-reference: true}: values are kept as
 * given, so the allow-list does not apply.
 */
class LocMemByReferenceCacheContractTests extends CacheContractTests {

	private final String location = "by-reference-" + UUID.randomUUID();

	@Override
	protected Cache createCache(CacheSettings.Builder settings) {
		return new LocMemCache(settings.location(this.location).option("by-reference", true).build());
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

	@Override
	protected boolean serializesValues() {
		return false;
	}

}
