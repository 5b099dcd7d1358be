package dev.cachette.cache.backend.db;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheContractTests;
import dev.cachette.cache.TestServers;
import dev.cachette.cache.settings.CacheSettings;

/**
 * The whole contract on {@link DatabaseCache}, run on each database by a subclass, with
 * the fake clock (expiry is computed and compared with the alias's clock). Each subclass
 * has its own table, created on first use; {@code max-entries} is raised so that culling
 * never removes what a contract test stores (culling has its own tests in
 * {@link DatabaseCacheTests}). The table's name has spaces, as Django's
 * {@code DBCacheTests} table {@code test cache table}, so every statement the contract
 * runs must quote it.
 */
abstract class DatabaseCacheContractTests extends CacheContractTests {

	/** The database this subclass runs the contract on. */
	abstract TestDatabase database();

	@Override
	protected Cache createCache(CacheSettings.Builder settings) {
		CacheSettings given = settings.build();
		CacheSettings.Builder builder = given.toBuilder()
			.backend("database")
			.location(table())
			.option("create-table", true);
		if (given.option("max-entries") == null) {
			builder.option("max-entries", 100_000);
		}
		return new DatabaseCache(TestServers.withBehaviourDeadline(builder).build(), database().dataSource());
	}

	/**
	 * Django's {@code DatabaseCache} and {@code FileBasedCache} inherit
	 * {@code BaseCache.incr}.
	 */
	@Override
	protected boolean incrRestoresTheDefaultTimeout() {
		return true;
	}

	@Override
	protected boolean usesFakeClock() {
		return true;
	}

	/** Stores a row through the cache, then replaces its value with an UPDATE. */
	@Override
	protected void plantRawBytes(String key, byte[] value) {
		this.cache.set(key, "placeholder");
		TestDatabase database = database();
		new JdbcTemplate(database.dataSource()).update("UPDATE " + database.quote(table()) + " SET "
				+ database.quote("value") + " = ? WHERE " + database.quote("cache_key") + " = ?", value,
				this.cache.makeKey(key));
	}

	private String table() {
		return "contract cache table " + database().name().toLowerCase();
	}

}
