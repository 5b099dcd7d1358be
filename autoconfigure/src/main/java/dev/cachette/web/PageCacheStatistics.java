package dev.cachette.web;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import dev.cachette.cache.revalidation.StampedeStatistics;

/**
 * Counts what the page cache did: hits, misses, responses it would not store (by reason),
 * cache failures it survived, and, in the {@link StampedeStatistics} the revalidation
 * flow counts, its stampede protection: requests that waited for another's rendering of
 * the same URL, and stale pages served. Metrics and the demo read these.
 */
public final class PageCacheStatistics {

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	private final LongAdder failures = new LongAdder();

	private final StampedeStatistics stampede = new StampedeStatistics();

	private final Map<String, LongAdder> notCacheable = new ConcurrentHashMap<>();

	void hit() {
		this.hits.increment();
	}

	void miss() {
		this.misses.increment();
	}

	void failure() {
		this.failures.increment();
	}

	/** The counters the revalidation flow updates for pages. */
	StampedeStatistics stampede() {
		return this.stampede;
	}

	void notCacheable(String reason) {
		this.notCacheable.computeIfAbsent(reason, (key) -> new LongAdder()).increment();
	}

	/**
	 * Pages served from the cache.
	 * @return the count
	 */
	public long hits() {
		return this.hits.sum();
	}

	/**
	 * Cacheable requests that were not in the cache.
	 * @return the count
	 */
	public long misses() {
		return this.misses.sum();
	}

	/**
	 * Cache operations that failed and were survived by serving uncached.
	 * @return the count
	 */
	public long failures() {
		return this.failures.sum();
	}

	/**
	 * Missing pages whose request waited for a concurrent request of the same URL to
	 * render it (single-flight), instead of rendering it too.
	 * @return the count
	 */
	public long coalescedWaits() {
		return this.stampede.coalescedWaits();
	}

	/**
	 * Expired pages served within their stale-while-revalidate window while another
	 * request rendered them again. Also counted as hits.
	 * @return the count
	 */
	public long staleServed() {
		return this.stampede.staleServed();
	}

	/**
	 * Expired pages served within their stale-if-error window in place of an exception or
	 * a 5xx response.
	 * @return the count
	 */
	public long staleIfErrorServed() {
		return this.stampede.staleIfErrorServed();
	}

	/**
	 * Responses not stored, by reason ({@code status}, {@code private}, {@code no-cache},
	 * {@code no-store}, {@code vary-star}, {@code set-cookie}, {@code max-age=0},
	 * {@code streaming}).
	 * @return the counts by reason
	 */
	public Map<String, Long> notCacheable() {
		Map<String, Long> counts = new TreeMap<>();
		this.notCacheable.forEach((reason, count) -> counts.put(reason, count.sum()));
		return counts;
	}

	/**
	 * The share of lookups served from the cache.
	 * @return hits / (hits + misses), or 0 before any lookup
	 */
	public double hitRatio() {
		long hits = hits();
		long total = hits + misses();
		return (total == 0) ? 0 : (double) hits / total;
	}

}
