package dev.cachette.cache.backend.db;

/** The contract on PostgreSQL. */
class PostgresDatabaseCacheContractTests extends DatabaseCacheContractTests {

	@Override
	TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

}
