package dev.cachette.cache.backend.db;

/** {@link DatabaseFreezeTests} on PostgreSQL. */
class PostgresFreezeTests extends DatabaseFreezeTests {

	@Override
	TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

}
