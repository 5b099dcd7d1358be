package dev.cachette.cache.backend.memcached;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.cachette.cache.InvalidCacheBackendException;
import dev.cachette.cache.backend.memcached.MemcachedServers.Server;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How {@code location} names memcached servers, as Django's memcached backends read it.
 */
class MemcachedServersTests {

	private static List<String> parse(String... locations) {
		CacheSettings settings = CacheSettings.builder("mc").locations(List.of(locations)).build();
		return MemcachedServers.parse(settings).stream().map(Server::toString).toList();
	}

	@Test
	void noLocationIsLocalhost() {
		assertThat(parse()).containsExactly("127.0.0.1:11211");
	}

	@Test
	void hostPortHostAndIpv6() {
		assertThat(parse("cache1:11212", "cache2", "[::1]:11213", "[fe80::1]")).containsExactly("cache1:11212",
				"cache2:11211", "[::1]:11213", "[fe80::1]:11211");
	}

	@Test
	void djangoSeparatorsInOneString() {
		// Django: re.split("[;,]", LOCATION)
		assertThat(parse("a:1;b:2, c:3")).containsExactly("a:1", "b:2", "c:3");
	}

	@Test
	void unixSockets() {
		assertThat(parse("unix:/var/run/memcached.sock")).containsExactly("unix:/var/run/memcached.sock");
		assertThat(parse("unix:///var/run/memcached.sock")).containsExactly("unix:/var/run/memcached.sock");
		assertThat(parse("/tmp/memcached.sock")).containsExactly("unix:/tmp/memcached.sock");
	}

	@Test
	void badEntriesFailNamingAliasAndEntry() {
		assertThatExceptionOfType(InvalidCacheBackendException.class).isThrownBy(() -> parse("host:0"))
			.withMessage("caches.mc.location must be host:port with a port from 1 to 65535 (was 'host:0')");
		assertThatExceptionOfType(InvalidCacheBackendException.class).isThrownBy(() -> parse("::1:11211"))
			.withMessageContaining("IPv6 addresses in brackets");
		assertThatExceptionOfType(InvalidCacheBackendException.class).isThrownBy(() -> parse("unix:relative"))
			.withMessageContaining("unix:/absolute/path");
		assertThatExceptionOfType(InvalidCacheBackendException.class).isThrownBy(() -> parse("a:1", "a:1"))
			.withMessageContaining("distinct servers");
	}

}
