package dev.cachette.cache.revalidation;

/**
 * Records stampede events on a {@link StampedeStatistics} from tests outside this
 * package, which bind meters to the counters without running the flow that counts them.
 */
public final class StampedeEvents {

	private StampedeEvents() {
	}

	/**
	 * Records waits for another caller's recomputation.
	 * @param statistics the counters
	 * @param times how many
	 */
	public static void coalescedWaits(StampedeStatistics statistics, int times) {
		for (int i = 0; i < times; i++) {
			statistics.coalescedWait();
		}
	}

	/**
	 * Records values served within their stale-while-revalidate window.
	 * @param statistics the counters
	 * @param times how many
	 */
	public static void staleServes(StampedeStatistics statistics, int times) {
		for (int i = 0; i < times; i++) {
			statistics.staleServe();
		}
	}

	/**
	 * Records values served within their stale-if-error window.
	 * @param statistics the counters
	 * @param times how many
	 */
	public static void staleIfErrorServes(StampedeStatistics statistics, int times) {
		for (int i = 0; i < times; i++) {
			statistics.staleIfErrorServe();
		}
	}

}
