package dev.cachette.cache.backend.db;

/** The contract on MariaDB. */
class MariaDbDatabaseCacheContractTests extends DatabaseCacheContractTests {

	@Override
	TestDatabase database() {
		return TestDatabase.MARIADB;
	}

}
