package dev.cachette.cache.backend.db;

/** The contract on H2 in memory. */
class H2DatabaseCacheContractTests extends DatabaseCacheContractTests {

	@Override
	TestDatabase database() {
		return TestDatabase.H2;
	}

}
