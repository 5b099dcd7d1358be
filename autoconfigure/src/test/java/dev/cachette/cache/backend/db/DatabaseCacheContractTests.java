package dev.cachette.cache.backend.db;

import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheContractTests;
import dev.cachette.cache.CacheSettings;

/**
 * The whole contract on {@link DatabaseCache}, run on each database by a subclass, with
 * the fake clock (expiry is computed and compared with the alias's clock). Each subclass
 * has its own table, created on first use; {@code max-entries} is raised so that culling
 * never removes what a contract test stores (culling has its own tests in
 * {@link DatabaseCacheTests}).
 */
abstract class DatabaseCacheContractTests extends CacheContractTests {

	/** The database this subclass runs the contract on. */
	abstract TestDatabase database();

	@Override
	protected Cache createCache(CacheSettings.Builder settings) {
		CacheSettings given = settings.build();
		CacheSettings.Builder builder = given.toBuilder()
			.backend("database")
			.location("contract_" + database().name().toLowerCase())
			.option("create-table", true);
		if (given.option("max-entries") == null) {
			builder.option("max-entries", 100_000);
		}
		return new DatabaseCache(builder.build(), database().dataSource());
	}

	@Override
	protected boolean usesFakeClock() {
		return true;
	}

}
