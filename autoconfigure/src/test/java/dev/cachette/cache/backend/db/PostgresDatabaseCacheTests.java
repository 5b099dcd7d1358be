package dev.cachette.cache.backend.db;

/** The database backend's own tests on PostgreSQL. */
class PostgresDatabaseCacheTests extends DatabaseCacheTests {

	@Override
	TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

}
