package dev.cachette.cache.backend.db;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.Test;

import dev.cachette.cache.CacheUnavailableException;
import dev.cachette.cache.FreezableProxy;
import dev.cachette.cache.backend.BackendFreezeTests;
import dev.cachette.cache.backend.BaseCache;
import dev.cachette.cache.resilience.CircuitBreaker;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link BackendFreezeTests} on a shared database reached through a proxy the test
 * freezes (it stops forwarding, every socket open) and kills (it closes every connection
 * and the new ones), behind a HikariCP pool with its defaults, as an application's would
 * be: a call ends at this backend's 100 ms, not after the pool's 30 s
 * {@code connectionTimeout} nor the 5 s {@code statement-timeout}.
 */
abstract class DatabaseFreezeTests extends BackendFreezeTests {

	private final String table = "freeze_" + UUID.randomUUID().toString().substring(0, 8);

	private FreezableProxy proxy;

	private HikariDataSource pool;

	/** The database this subclass freezes. */
	abstract TestDatabase database();

	@Override
	protected void startServer() throws Exception {
		database().dataSource();
		URI target = URI.create(database().url().substring("jdbc:".length()));
		this.proxy = new FreezableProxy(target.getHost(), target.getPort());
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(database().url().replace(":" + target.getPort() + "/", ":" + this.proxy.port() + "/"));
		config.setMaximumPoolSize(4);
		this.pool = new HikariDataSource(config);
	}

	@Override
	protected BaseCache createCache(CacheSettings.Builder settings) {
		return new DatabaseCache(settings.backend("database").location(this.table).option("create-table", true).build(),
				this.pool);
	}

	@Override
	protected Duration operationTimeout() {
		return CacheDatabase.DEFAULT_OPERATION_TIMEOUT;
	}

	@Override
	protected void freeze() {
		this.proxy.freeze();
	}

	@Override
	protected void thaw() {
		this.proxy.thaw();
	}

	@Override
	protected void kill() {
		this.proxy.kill();
	}

	@Override
	protected void restart() {
		this.proxy.revive();
	}

	@Test
	void frozenDatabase_whileAnAcquisitionIsStranded_requestPathCallsWaitBriefly() throws Exception {
		BaseCache unguarded = createCache(
				CacheSettings.builder("frozen").option("strict", true).option("circuit-breaker", false));
		try {
			freeze();
			// Idle for longer than HikariCP's 500 ms: each connection is validated before
			// it is handed out, which a frozen server never answers.
			Thread.sleep(600);
			Duration first = elapsed(() -> assertThatExceptionOfType(CacheUnavailableException.class)
				.isThrownBy(() -> unguarded.get("k")));
			assertThat(first).isGreaterThanOrEqualTo(operationTimeout());
			Duration next = Duration.ZERO;
			for (int i = 0; i < BoundedDataSource.MAX_STRANDED - 1; i++) {
				next = next.plus(elapsed(() -> assertThatExceptionOfType(CacheUnavailableException.class)
					.isThrownBy(() -> unguarded.get("k"))));
			}
			// Without the short wait: 7 x 100 ms.
			assertThat(next).isLessThan(operationTimeout().multipliedBy(3));
		}
		finally {
			unguarded.close();
		}
	}

	@Test
	void killedDatabase_theFirstCallOnABrokenConnection_opensTheCircuit() throws Exception {
		assertTheFirstFailureOpensTheCircuit(this::kill);
	}

	@Test
	void frozenDatabase_aReadTheNetworkTimeoutCuts_countsTowardsTheThreshold() throws Exception {
		BaseCache cache = createCache(CacheSettings.builder("slow")
			.option("circuit-breaker", Map.of("backoff-initial", "1m", "backoff-max", "1m")));
		try {
			cache.set("k", "v");
			freeze();
			assertThat(cache.<String>get("k", "missed")).isEqualTo("missed");
			assertThat(cache.circuitBreaker().state()).as("a slow server looks the same")
				.isEqualTo(CircuitBreaker.State.CLOSED);
		}
		finally {
			cache.close();
		}
	}

	/**
	 * A connection the driver reports broken (SQLState class 08, not a timeout) shows the
	 * database down: the next calls skip it at once instead of each waiting for its
	 * deadline until the failure threshold.
	 */
	private void assertTheFirstFailureOpensTheCircuit(Runnable fault) throws Exception {
		BaseCache cache = createCache(CacheSettings.builder("broken")
			.option("circuit-breaker", Map.of("backoff-initial", "1m", "backoff-max", "1m")));
		try {
			// A pooled connection, used just now: the pool hands it out unchecked.
			cache.set("k", "v");
			fault.run();
			assertThat(cache.<String>get("k", "missed")).isEqualTo("missed");
			assertThat(cache.circuitBreaker().state()).isEqualTo(CircuitBreaker.State.OPEN);
			assertThat(cache.circuitBreaker().failedCalls()).isOne();
			Duration skipped = elapsed(() -> {
				for (int i = 0; i < 20; i++) {
					assertThat(cache.<String>get("k", "missed")).isEqualTo("missed");
				}
			});
			assertThat(skipped).isLessThan(operationTimeout());
		}
		finally {
			cache.close();
		}
	}

	@Override
	protected void stopServer() throws Exception {
		this.pool.close();
		this.proxy.close();
		database().dropTable(this.table);
	}

}
