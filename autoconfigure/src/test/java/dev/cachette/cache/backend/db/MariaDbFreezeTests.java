package dev.cachette.cache.backend.db;

/** {@link DatabaseFreezeTests} on MariaDB. */
class MariaDbFreezeTests extends DatabaseFreezeTests {

	@Override
	TestDatabase database() {
		return TestDatabase.MARIADB;
	}

}
