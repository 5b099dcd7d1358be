package dev.cachette.cache.backend.db;

import java.time.LocalDateTime;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.cachette.cache.CacheSettings;

/**
 * Follows Django's {@code DatabaseCache._cull}, run before each {@code set}, {@code add}
 * and {@code touch}: when the table holds more than {@code max-entries} rows (300),
 * delete the expired rows and then, if still too many, every key below the one at offset
 * count / {@code cull-frequency} (3) in key order; {@code cull-frequency} 0 empties the
 * table.
 */
final class Culling {

	static final int DEFAULT_MAX_ENTRIES = 300;

	static final int DEFAULT_CULL_FREQUENCY = 3;

	private final int maxEntries;

	private final int cullFrequency;

	/**
	 * Reads {@code max-entries} and {@code cull-frequency}.
	 * @throws dev.cachette.cache.InvalidCacheBackendException if either is negative
	 */
	Culling(CacheSettings settings) {
		this.maxEntries = settings.intOption("max-entries", DEFAULT_MAX_ENTRIES);
		if (this.maxEntries < 0) {
			throw settings.invalidOption("max-entries", this.maxEntries, "zero or more");
		}
		this.cullFrequency = settings.intOption("cull-frequency", DEFAULT_CULL_FREQUENCY);
		if (this.cullFrequency < 0) {
			throw settings.invalidOption("cull-frequency", this.cullFrequency, "zero or more");
		}
	}

	/**
	 * Culls if the table is over {@code max-entries}.
	 * @param writer the write data source
	 * @param sql the table's statements
	 * @param now the alias clock's time, in UTC
	 */
	void cullIfFull(JdbcTemplate writer, CacheTableSql sql, LocalDateTime now) {
		Long count = writer.queryForObject(sql.count, Long.class);
		if (count == null || count <= this.maxEntries) {
			return;
		}
		if (this.cullFrequency == 0) {
			writer.update(sql.clear);
			return;
		}
		long remaining = count - writer.update(sql.deleteExpired, now);
		if (remaining > this.maxEntries) {
			List<String> first = writer.queryForList(sql.cullKey, String.class, remaining / this.cullFrequency);
			if (!first.isEmpty()) {
				writer.update(sql.deleteBelow, first.get(0));
			}
		}
	}

}
