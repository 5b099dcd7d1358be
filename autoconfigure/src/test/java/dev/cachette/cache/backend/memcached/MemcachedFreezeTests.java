package dev.cachette.cache.backend.memcached;

import dev.cachette.cache.backend.BackendFreezeTests;
import dev.cachette.cache.backend.BaseCache;
import dev.cachette.cache.backend.ProcessFreezeTests;
import dev.cachette.cache.settings.CacheSettings;

/**
 * {@link BackendFreezeTests} on a {@code memcached} of the test's own: the caller's wait
 * ends a call on a frozen server, and a killed one's calls fail at once while folsom
 * reconnects in the background (back-off at most 1 s).
 */
class MemcachedFreezeTests extends ProcessFreezeTests {

	@Override
	protected String[] command(int port) {
		return memcached(port);
	}

	/**
	 * A {@code memcached} in the foreground on a TCP port, without UDP.
	 * @param port its port
	 * @return the command
	 */
	static String[] memcached(int port) {
		return new String[] { "memcached", "-p", Integer.toString(port), "-U", "0", "-l", "127.0.0.1", "-u", "nobody" };
	}

	@Override
	protected BaseCache createCache(CacheSettings.Builder settings) {
		return new MemcachedCache(
				settings.backend("memcached").location("127.0.0.1:" + port()).option("connect-timeout", "5s").build());
	}

}
