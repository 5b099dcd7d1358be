package dev.cachette.cache.backend.redis;

import org.junit.jupiter.api.Test;

import dev.cachette.cache.InvalidCacheBackendException;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How {@code location} is read, and that a password never shows in a message. No server
 * is needed: connections are lazy.
 */
class RedisLocationTests {

	@Test
	void parse_fullUrl() {
		RedisLocation location = RedisLocation.parse("default", "redis://user:p%40ss@cache.example:6380/3", 0);
		assertThat(location.scheme()).isEqualTo("redis");
		assertThat(location.host()).isEqualTo("cache.example");
		assertThat(location.port()).isEqualTo(6380);
		assertThat(location.database()).isEqualTo(3);
		assertThat(location.username()).isEqualTo("user");
		assertThat(location.password()).isEqualTo("p@ss");
		assertThat(location.isSsl()).isFalse();
		assertThat(location.server()).isEqualTo("cache.example:6380");
	}

	@Test
	void parse_defaults_portAndDatabaseFromOption() {
		RedisLocation location = RedisLocation.parse("default", "redis://cache.example", 4);
		assertThat(location.port()).isEqualTo(6379);
		assertThat(location.database()).isEqualTo(4);
		assertThat(location.username()).isNull();
		assertThat(location.password()).isNull();
	}

	@Test
	void parse_withoutScheme_isRedis() {
		RedisLocation location = RedisLocation.parse("default", "127.0.0.1:6390", 0);
		assertThat(location.scheme()).isEqualTo("redis");
		assertThat(location.server()).isEqualTo("127.0.0.1:6390");
	}

	@Test
	void parse_rediss_isTls() {
		RedisLocation location = RedisLocation.parse("default", "rediss://:secret@cache.example:6390/1", 0);
		assertThat(location.isSsl()).isTrue();
		assertThat(location.username()).isNull();
		assertThat(location.password()).isEqualTo("secret");
	}

	@Test
	void parse_passwordWithoutColon_isAPassword() {
		assertThat(RedisLocation.parse("default", "redis://secret@h", 0).password()).isEqualTo("secret");
	}

	@Test
	void parse_unixSocket() {
		RedisLocation location = RedisLocation.parse("default", "unix:///var/run/redis/redis.sock?db=2", 0);
		assertThat(location.isSocket()).isTrue();
		assertThat(location.host()).isEqualTo("/var/run/redis/redis.sock");
		assertThat(location.database()).isEqualTo(2);
		assertThat(location.server()).isEqualTo("unix:/var/run/redis/redis.sock");
	}

	@Test
	void parse_queryDatabase_winsOverPath() {
		assertThat(RedisLocation.parse("default", "redis://h:1/2?db=5", 0).database()).isEqualTo(5);
	}

	@Test
	void parse_ipv6() {
		RedisLocation location = RedisLocation.parse("default", "redis://[::1]:6379/0", 0);
		assertThat(location.host()).isEqualTo("::1");
		assertThat(location.server()).isEqualTo("[::1]:6379");
	}

	@Test
	void toString_masksThePassword() {
		assertThat(RedisLocation.parse("default", "redis://user:secret@h:1/2", 0))
			.hasToString("redis://user:****@h:1/2");
		assertThat(RedisLocation.parse("default", "rediss://:secret@h:1/2", 0)).hasToString("rediss://:****@h:1/2");
		assertThat(RedisLocation.parse("default", "redis://h:1/2", 0)).hasToString("redis://h:1/2");
		assertThat(RedisLocation.parse("default", "unix://u:secret@/tmp/r.sock", 0))
			.hasToString("unix://u:****@/tmp/r.sock?db=0");
	}

	@Test
	void parse_badScheme_namesAliasAndForms() {
		assertThatExceptionOfType(InvalidCacheBackendException.class)
			.isThrownBy(() -> RedisLocation.parse("sessions", "http://h:1", 0))
			.withMessageContaining("caches.sessions.location 'http://h:1'")
			.withMessageContaining("redis://[user:password@]host:port/db");
	}

	@Test
	void parse_badDatabase_masksThePassword() {
		assertThatExceptionOfType(InvalidCacheBackendException.class)
			.isThrownBy(() -> RedisLocation.parse("default", "redis://user:secret@h:1/abc", 0))
			.withMessageContaining("'redis://user:****@h:1/abc'")
			.withMessageContaining("database 'abc'")
			.withMessageNotContaining("secret");
	}

	@Test
	void parse_badPort_masksThePassword() {
		assertThatExceptionOfType(InvalidCacheBackendException.class)
			.isThrownBy(() -> RedisLocation.parse("default", "redis://:secret@h:99999999999/0", 0))
			.withMessageNotContaining("secret");
	}

	@Test
	void cache_locationList_isLeaderThenReplicas() {
		try (RedisCache cache = new RedisCache(
				settings().location("redis://127.0.0.1:6379/1;redis://127.0.0.1:6380/1,redis://127.0.0.1:6381/1")
					.build())) {
			assertThat(cache.servers().all()).extracting(RedisServers.Server::name)
				.containsExactly("127.0.0.1:6379", "127.0.0.1:6380", "127.0.0.1:6381");
			assertThat(cache.servers().forWrite().name()).isEqualTo("127.0.0.1:6379");
			for (int i = 0; i < 50; i++) {
				assertThat(cache.servers().read(RedisServers.Server::name)).isIn("127.0.0.1:6380", "127.0.0.1:6381");
			}
		}
	}

	@Test
	void cache_singleLocation_readsFromIt() {
		try (RedisCache cache = new RedisCache(settings().location("redis://127.0.0.1:6379/1").build())) {
			assertThat(cache.servers().read(RedisServers.Server::name)).isEqualTo(cache.servers().forWrite().name());
		}
	}

	@Test
	void cache_toString_masksThePassword() {
		try (RedisCache cache = new RedisCache(settings().location("redis://admin:secret@127.0.0.1:6379/1").build())) {
			assertThat(cache.toString()).isEqualTo("RedisCache[alias=default, servers=[127.0.0.1:6379]]");
		}
	}

	@Test
	void cache_passwordOption_appliesWhereTheUrlHasNone() {
		try (RedisCache cache = new RedisCache(
				settings().location("redis://127.0.0.1:6379/1").option("password", "secret").build())) {
			assertThat(cache.toString()).doesNotContain("secret");
		}
	}

	@Test
	void cache_noLocationNoFactory_failsNamingTheAlias() {
		assertThatExceptionOfType(InvalidCacheBackendException.class)
			.isThrownBy(() -> new RedisCache(CacheSettings.builder("sessions").backend("redis").build()))
			.withMessageContaining("caches.sessions.location is not set")
			.withMessageContaining("spring.data.redis");
	}

	@Test
	void cache_clusterAndSentinel_areExclusive() {
		assertThatExceptionOfType(InvalidCacheBackendException.class)
			.isThrownBy(() -> new RedisCache(settings().location("redis://127.0.0.1:7000")
				.option("cluster", true)
				.option("sentinel-master", "mymaster")
				.build()))
			.withMessageContaining("caches.default.options.sentinel-master");
	}

	@Test
	void cache_clusterWithDatabase_fails() {
		assertThatExceptionOfType(InvalidCacheBackendException.class).isThrownBy(
				() -> new RedisCache(settings().location("redis://127.0.0.1:7000/3").option("cluster", true).build()))
			.withMessageContaining("only database 0");
	}

	@Test
	void cache_badTimeout_failsNamingTheOption() {
		assertThatExceptionOfType(InvalidCacheBackendException.class)
			.isThrownBy(() -> new RedisCache(
					settings().location("redis://127.0.0.1:6379").option("operation-timeout", "0s").build()))
			.withMessageContaining("caches.default.options.operation-timeout must be a positive duration");
	}

	@Test
	void cache_badReadFrom_failsNamingTheOption() {
		assertThatExceptionOfType(InvalidCacheBackendException.class)
			.isThrownBy(() -> new RedisCache(settings().location("redis://127.0.0.1:7000")
				.option("cluster", true)
				.option("read-from", "sometimes")
				.build()))
			.withMessageContaining("caches.default.options.read-from must be a Lettuce ReadFrom name");
	}

	@Test
	void globEscape_escapesScanPatternCharacters() {
		assertThat(RedisCache.globEscape("a*b?c[d]e\\f")).isEqualTo("a\\*b\\?c\\[d\\]e\\\\f");
	}

	private static CacheSettings.Builder settings() {
		return CacheSettings.builder("default").backend("redis");
	}

}
