package dev.cachette.cache.backend.db;

import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.cachette.cache.backend.CullingOptions;
import dev.cachette.cache.settings.CacheSettings;

/**
 * Follows Django's {@code DatabaseCache._cull}, run before each {@code set}, {@code add}
 * and {@code touch}: when the table holds more than {@code max-entries} rows (300),
 * delete the expired rows and then, if still too many, every key below the one at offset
 * count / {@code cull-frequency} (3) in key order; {@code cull-frequency} 0 empties the
 * table.
 *
 * <p>
 * Unlike Django's, the cull before an {@code add} or a {@code touch} spares the key being
 * written (a live row of it; an expired one may go): otherwise one {@code add}'s cull
 * could delete the row a concurrent {@code add} of the same key had just inserted, and
 * both would report success.
 */
final class Culling {

	private final CullingOptions options;

	private final LongAdder culled = new LongAdder();

	/**
	 * Reads {@code max-entries} and {@code cull-frequency}.
	 * @throws dev.cachette.cache.InvalidCacheBackendException if either is negative
	 */
	Culling(CacheSettings settings) {
		this.options = CullingOptions.of(settings);
	}

	/**
	 * Culls if the table is over {@code max-entries}.
	 * @param writer the write data source
	 * @param sql the table's statements
	 * @param now the alias clock's time, in UTC
	 * @param spared the column key the cull must not delete, or {@code null}
	 */
	void cullIfFull(JdbcTemplate writer, CacheTableSql sql, LocalDateTime now, @Nullable String spared) {
		Long count = writer.queryForObject(sql.count, Long.class);
		if (count == null || count <= this.options.maxEntries()) {
			return;
		}
		if (this.options.cullFrequency() == 0) {
			this.culled.add((spared != null) ? writer.update(sql.clearExcept, spared) : writer.update(sql.clear));
			return;
		}
		int expired = writer.update(sql.deleteExpired, now);
		this.culled.add(expired);
		long remaining = count - expired;
		if (remaining > this.options.maxEntries()) {
			List<String> first = writer.queryForList(sql.cullKey, String.class,
					remaining / this.options.cullFrequency());
			if (!first.isEmpty()) {
				this.culled.add((spared != null) ? writer.update(sql.deleteBelowExcept, first.get(0), spared)
						: writer.update(sql.deleteBelow, first.get(0)));
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
