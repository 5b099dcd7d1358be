package dev.cachette.cache.backend.memcached;

import java.util.Map;

import com.spotify.folsom.MemcachedStats;

/**
 * Reads memcached's {@code stats} answers (memcached's protocol.txt, "General-purpose
 * statistics"), for the size and eviction counts the alias reports.
 */
final class MemcachedStatistics {

	private MemcachedStatistics() {
	}

	/**
	 * Sums one statistic over the servers.
	 * @param stats each server's answer
	 * @param name the statistic ({@code curr_items}, {@code evictions})
	 * @return the sum; a server that does not report it counts 0
	 */
	static long sum(Map<String, MemcachedStats> stats, String name) {
		long sum = 0;
		for (MemcachedStats server : stats.values()) {
			String value = server.getStats().get(name);
			if (value != null) {
				sum += Long.parseLong(value.trim());
			}
		}
		return sum;
	}

}
