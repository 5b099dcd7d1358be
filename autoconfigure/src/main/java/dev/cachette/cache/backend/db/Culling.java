package dev.cachette.cache.backend.db;

import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

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

	private final LongAdder culled = new LongAdder();

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
			this.culled.add(writer.update(sql.clear));
			return;
		}
		int expired = writer.update(sql.deleteExpired, now);
		this.culled.add(expired);
		long remaining = count - expired;
		if (remaining > this.maxEntries) {
			List<String> first = writer.queryForList(sql.cullKey, String.class, remaining / this.cullFrequency);
			if (!first.isEmpty()) {
				this.culled.add(writer.update(sql.deleteBelow, first.get(0)));
			}
		}
	}

	/**
	 * Rows this instance's culling deleted: expired ones and those over
	 * {@code max-entries}.
	 * @return the count
	 */
	long culled() {
		return this.culled.sum();
	}

}
