package dev.cachette.cache.backend.db;

import org.junit.jupiter.api.Test;

import dev.cachette.cache.InvalidCacheBackendException;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The database backend's own tests on MariaDB. */
class MariaDbDatabaseCacheTests extends DatabaseCacheTests {

	@Override
	TestDatabase database() {
		return TestDatabase.MARIADB;
	}

	/** A name MariaDB cannot hold is refused naming the rule, before any SQL runs. */
	@Test
	void location_endingWithASpace_failsSayingMariaDbForbidsIt() {
		DatabaseCache cache = new DatabaseCache(
				CacheSettings.builder("default").backend("database").location("\"trailing \"").build(),
				database().dataSource());
		assertThatExceptionOfType(InvalidCacheBackendException.class).isThrownBy(() -> cache.set("key", 1))
			.withMessage("caches.default.location '\"trailing \"' cannot name a table on MariaDB: the table name"
					+ " 'trailing ' ends with a space, which MariaDB does not allow in names");
	}

}
