package dev.cachette.metrics;

import java.util.List;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.cachette.cache.revalidation.StampedeStatistics;

/**
 * Binds one alias's {@link StampedeStatistics} to Micrometer, beside the cache meters of
 * {@link CachetteCacheMetrics}: the function counter {@code cache.stampede} with
 * {@code cache=<alias>} and {@code event} one of
 * <ul>
 * <li>{@code coalesced-wait}: a caller waited for another caller's computation of its key
 * in this JVM (single-flight, {@code lock});</li>
 * <li>{@code lock-timeout}: a waiter gave up after {@code lock-timeout} and computed
 * itself;</li>
 * <li>{@code stale-served}: a stale value served within stale-while-revalidate;</li>
 * <li>{@code stale-if-error}: a stale value served because the supplier threw;</li>
 * <li>{@code early-recompute}: an XFetch recompute started before expiry;</li>
 * <li>{@code refresh-failure}: a background recompute threw;</li>
 * <li>{@code lease-wait}: a caller found the key's distributed lease held by another
 * instance and waited for its value.</li>
 * </ul>
 * plus the given tags ({@code cache.manager=cachette} in the auto-configuration). The
 * counters read the statistics when scraped.
 */
final class StampedeMetrics implements MeterBinder {

	/** The meter name. */
	static final String METER = "cache.stampede";

	private static final List<Event> EVENTS = List.of(
			new Event("coalesced-wait", StampedeStatistics::coalescedWaits,
					"Callers that waited for another caller's computation of their key in this JVM"),
			new Event("lock-timeout", StampedeStatistics::lockTimeouts,
					"Waiters that gave up after lock-timeout and computed the key themselves"),
			new Event("stale-served", StampedeStatistics::staleServed,
					"Stale values served within stale-while-revalidate"),
			new Event("stale-if-error", StampedeStatistics::staleIfErrorServed,
					"Stale values served because the supplier threw, within stale-if-error"),
			new Event("early-recompute", StampedeStatistics::earlyRecomputes,
					"Recomputations started before expiry by the XFetch rule"),
			new Event("refresh-failure", StampedeStatistics::refreshFailures,
					"Background recomputations whose supplier threw"),
			new Event("lease-wait", StampedeStatistics::leaseWaits,
					"Callers that waited for the value of a key whose distributed lease another caller held"));

	private final String alias;

	private final StampedeStatistics statistics;

	private final Iterable<Tag> tags;

	/**
	 * Creates the binder.
	 * @param alias the alias, the {@code cache} tag
	 * @param statistics the alias's stampede statistics
	 * @param tags extra tags, such as {@code cache.manager=cachette}
	 */
	StampedeMetrics(String alias, StampedeStatistics statistics, Iterable<Tag> tags) {
		this.alias = alias;
		this.statistics = statistics;
		this.tags = tags;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Tags common = Tags.of(this.tags).and("cache", this.alias);
		for (Event event : EVENTS) {
			FunctionCounter.builder(METER, this.statistics, event.count())
				.tags(common)
				.tag("event", event.name())
				.description(event.description())
				.register(registry);
		}
	}

	private record Event(String name, ToDoubleFunction<StampedeStatistics> count, String description) {

	}

}
