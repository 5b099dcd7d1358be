package dev.cachette.cache.backend.db;

/** The database backend's own tests on H2 in memory. */
class H2DatabaseCacheTests extends DatabaseCacheTests {

	@Override
	TestDatabase database() {
		return TestDatabase.H2;
	}

}
