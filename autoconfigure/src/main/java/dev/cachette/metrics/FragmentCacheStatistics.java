package dev.cachette.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import dev.cachette.cache.revalidation.StampedeStatistics;

/**
 * Counts the fragment cache's hits and misses by fragment name: the recorder the
 * Thymeleaf {@code cache:} dialect calls once per cached element it renders, after its
 * lookup. Plain Java (no Micrometer), so the dialect can always call it; Cachette's
 * Micrometer binding turns it into {@code cachette.fragment.requests} and
 * {@code cachette.fragment.hit.ratio}, the actuator endpoint shows it.
 *
 * <p>
 * Beside hits and misses, it holds the {@link StampedeStatistics} of fragments, all names
 * together, which the revalidation flow counts: lookups that waited for another rendering
 * of the same fragment key (single-flight), and expired fragments served within their
 * stale windows.
 *
 * <p>
 * A lookup that failed (a server down) and rendered uncached is a miss. Names are the
 * fragment names of the templates ({@code cache:fragment="300 sidebar"} is
 * {@code sidebar}), a small fixed set, never a key or a vary-on value.
 */
public final class FragmentCacheStatistics {

	private final Map<String, Counts> byFragment = new ConcurrentHashMap<>();

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	private final StampedeStatistics stampede = new StampedeStatistics();

	private final CopyOnWriteArrayList<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

	/**
	 * Records that a fragment was served from the cache.
	 * @param fragment the fragment name
	 */
	public void hit(String fragment) {
		counts(fragment).hits.increment();
		this.hits.increment();
	}

	/**
	 * Records that a fragment was not in the cache (or the cache failed) and rendered.
	 * @param fragment the fragment name
	 */
	public void miss(String fragment) {
		counts(fragment).misses.increment();
		this.misses.increment();
	}

	/**
	 * The stampede counters of fragments, which the dialect hands to the revalidation
	 * flow.
	 * @return the counters
	 */
	public StampedeStatistics stampede() {
		return this.stampede;
	}

	/**
	 * Lookups that waited for another rendering of the same fragment key.
	 * @return the count
	 */
	public long coalescedWaits() {
		return this.stampede.coalescedWaits();
	}

	/**
	 * Expired fragments served within their stale windows (while another rendering
	 * refreshed them, or in place of a rendering that stored nothing in time); the lookup
	 * is also recorded as a hit.
	 * @return the count
	 */
	public long staleServed() {
		return this.stampede.staleServed() + this.stampede.staleIfErrorServed();
	}

	/**
	 * Fragments served from the cache, all names together.
	 * @return the count
	 */
	public long hits() {
		return this.hits.sum();
	}

	/**
	 * Fragments rendered because they were not in the cache, all names together.
	 * @return the count
	 */
	public long misses() {
		return this.misses.sum();
	}

	/**
	 * One fragment's hits.
	 * @param fragment the fragment name
	 * @return the count, 0 for a name never seen
	 */
	public long hits(String fragment) {
		Counts counts = this.byFragment.get(fragment);
		return (counts != null) ? counts.hits.sum() : 0;
	}

	/**
	 * One fragment's misses.
	 * @param fragment the fragment name
	 * @return the count, 0 for a name never seen
	 */
	public long misses(String fragment) {
		Counts counts = this.byFragment.get(fragment);
		return (counts != null) ? counts.misses.sum() : 0;
	}

	/**
	 * The share of fragment lookups served from the cache.
	 * @return hits / (hits + misses), or {@link Double#NaN} before any lookup
	 */
	public double hitRatio() {
		long hits = hits();
		long total = hits + misses();
		return (total == 0) ? Double.NaN : (double) hits / total;
	}

	/**
	 * Every fragment name seen, with its hits and misses.
	 * @return {@code name -> [hits, misses]}, sorted by name
	 */
	public Map<String, long[]> byFragment() {
		Map<String, long[]> result = new TreeMap<>();
		this.byFragment
			.forEach((name, counts) -> result.put(name, new long[] { counts.hits.sum(), counts.misses.sum() }));
		return result;
	}

	/**
	 * Calls a listener with every fragment name already seen, then with each new one as
	 * it is first recorded; how per-fragment meters appear.
	 * @param listener receives fragment names
	 */
	public void onFragment(Consumer<String> listener) {
		this.listeners.add(listener);
		this.byFragment.keySet().forEach(listener);
	}

	private Counts counts(String fragment) {
		Counts counts = this.byFragment.get(fragment);
		if (counts != null) {
			return counts;
		}
		Counts created = new Counts();
		Counts existing = this.byFragment.putIfAbsent(fragment, created);
		if (existing != null) {
			return existing;
		}
		this.listeners.forEach((listener) -> listener.accept(fragment));
		return created;
	}

	private static final class Counts {

		private final LongAdder hits = new LongAdder();

		private final LongAdder misses = new LongAdder();

	}

}
