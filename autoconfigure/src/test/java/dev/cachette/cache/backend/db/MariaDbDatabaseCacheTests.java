package dev.cachette.cache.backend.db;

/** The database backend's own tests on MariaDB. */
class MariaDbDatabaseCacheTests extends DatabaseCacheTests {

	@Override
	TestDatabase database() {
		return TestDatabase.MARIADB;
	}

}
