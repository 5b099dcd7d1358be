package dev.cachette.loadtest;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The expensive supplier of the load harness: one real PostgreSQL query that takes
 * {@code pg_sleep(0.2)}, counted. It remembers when each call started, so that a run can
 * group calls into bursts: calls that start within half a timeout of the previous one
 * recompute the same expiry.
 */
final class SlowQuery implements AutoCloseable {

	private final HikariDataSource dataSource;

	private final JdbcTemplate jdbc;

	private final AtomicInteger calls = new AtomicInteger();

	private final ConcurrentLinkedQueue<Long> starts = new ConcurrentLinkedQueue<>();

	SlowQuery(String url, int poolSize) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(url);
		config.setMaximumPoolSize(poolSize);
		config.setMinimumIdle(poolSize);
		config.setConnectionTimeout(30_000);
		config.setPoolName("stampede-harness");
		this.dataSource = new HikariDataSource(config);
		this.jdbc = new JdbcTemplate(this.dataSource);
	}

	DataSource dataSource() {
		return this.dataSource;
	}

	/**
	 * Runs the query.
	 * @return the database's clock when the query ran, as the cached value
	 */
	String load() {
		this.calls.incrementAndGet();
		this.starts.add(System.nanoTime());
		return this.jdbc.queryForObject("SELECT pg_sleep(0.2)::text || clock_timestamp()::text", String.class);
	}

	/** Starts counting afresh, for the next mode. */
	void reset() {
		this.calls.set(0);
		this.starts.clear();
	}

	int calls() {
		return this.calls.get();
	}

	/**
	 * Counts the bursts of calls: a call starting more than {@code gapMillis} after the
	 * previous one starts a new burst.
	 * @param gapMillis the gap
	 * @return the number of bursts
	 */
	int bursts(long gapMillis) {
		long gap = TimeUnit.MILLISECONDS.toNanos(gapMillis);
		long[] sorted = this.starts.stream().mapToLong(Long::longValue).sorted().toArray();
		int bursts = 0;
		for (int i = 0; i < sorted.length; i++) {
			if (i == 0 || sorted[i] - sorted[i - 1] > gap) {
				bursts++;
			}
		}
		return bursts;
	}

	@Override
	public void close() {
		this.dataSource.close();
	}

}
