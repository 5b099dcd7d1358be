package dev.cachette.cache.backend.redis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.cachette.cache.CacheUnavailableException;
import dev.cachette.cache.TestServers;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A {@code rediss://} location against a private TLS server: a throw-away CA and a server
 * certificate for 127.0.0.1 are made with {@code openssl}, and the server listens for TLS
 * on {@code CACHETTE_REDIS_TLS_PORT} (6385) and in plain text on the port below it (for
 * the test's own readiness check and shutdown). The test starts and stops it.
 */
class RedisTlsTests {

	private static final int TLS_PORT = Integer.parseInt(TestServers.env("CACHETTE_REDIS_TLS_PORT", "6385"));

	private static final String HOST = "127.0.0.1";

	private static Path directory;

	private static boolean started;

	@BeforeAll
	static void startTlsServer() throws Exception {
		RedisTestSupport.requireRedis();
		directory = Files.createTempDirectory("cachette-redis-tls");
		Path ca = directory.resolve("ca.crt");
		Path caKey = directory.resolve("ca.key");
		Path key = directory.resolve("server.key");
		Path request = directory.resolve("server.csr");
		Path certificate = directory.resolve("server.crt");
		Path extensions = Files.writeString(directory.resolve("san.ext"), "subjectAltName=IP:" + HOST + "\n");
		RedisTestSupport.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
				caKey.toString(), "-out", ca.toString(), "-days", "1", "-subj", "/CN=cachette-test-ca"));
		RedisTestSupport.run(List.of("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(),
				"-out", request.toString(), "-subj", "/CN=" + HOST));
		RedisTestSupport.run(List.of("openssl", "x509", "-req", "-in", request.toString(), "-CA", ca.toString(),
				"-CAkey", caKey.toString(), "-CAcreateserial", "-out", certificate.toString(), "-days", "1", "-extfile",
				extensions.toString()));
		started = RedisTestSupport.startServer(TLS_PORT - 1, "--tls-port", Integer.toString(TLS_PORT),
				"--tls-cert-file", certificate.toString(), "--tls-key-file", key.toString(), "--tls-ca-cert-file",
				ca.toString(), "--tls-auth-clients", "no");
	}

	@AfterAll
	static void stopTlsServer() throws Exception {
		if (started) {
			RedisTestSupport.stopServer(TLS_PORT - 1);
		}
		if (directory != null) {
			try (var files = Files.list(directory)) {
				for (Path file : files.toList()) {
					Files.delete(file);
				}
			}
			Files.delete(directory);
		}
	}

	private static CacheSettings.Builder settings() {
		return CacheSettings.builder("tls").backend("redis").location("rediss://" + HOST + ":" + TLS_PORT + "/0");
	}

	@Test
	void rediss_withTheCa_storesOverTls() {
		try (RedisCache cache = new RedisCache(
				settings().option("ssl-ca-certs", directory.resolve("ca.crt").toString()).build())) {
			cache.set("k", "over TLS");
			assertThat(cache.<String>get("k")).isEqualTo("over TLS");
			cache.clear();
		}
	}

	@Test
	void rediss_withoutTrustingTheCa_isUnavailable() {
		try (RedisCache cache = new RedisCache(
				settings().option("connect-timeout", "1s").option("strict", true).build())) {
			assertThatExceptionOfType(CacheUnavailableException.class).isThrownBy(() -> cache.get("k"))
				.withMessageContaining(HOST + ":" + TLS_PORT);
		}
	}

}
