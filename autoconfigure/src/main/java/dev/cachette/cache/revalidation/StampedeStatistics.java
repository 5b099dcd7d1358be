package dev.cachette.cache.revalidation;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the stampede protection of one alias has done since it was created: the counters
 * that meters bind to. Thread-safe; the counts only grow. Obtain it from
 * {@code BaseCache.stampedeStatistics}.
 */
public final class StampedeStatistics {

	private final LongAdder coalescedWaits = new LongAdder();

	private final LongAdder lockTimeouts = new LongAdder();

	private final LongAdder staleServed = new LongAdder();

	private final LongAdder staleIfErrorServed = new LongAdder();

	private final LongAdder earlyRecomputes = new LongAdder();

	private final LongAdder refreshFailures = new LongAdder();

	private final LongAdder leaseWaits = new LongAdder();

	/**
	 * Creates counters at zero, for a layer that runs the {@link Revalidation} flow.
	 */
	public StampedeStatistics() {
	}

	/**
	 * Callers that found a computation of their key in flight and waited for it instead
	 * of running the supplier (single-flight).
	 * @return the count
	 */
	public long coalescedWaits() {
		return this.coalescedWaits.sum();
	}

	/**
	 * Waiters that gave up after {@code lock-timeout} and ran the supplier themselves.
	 * @return the count
	 */
	public long lockTimeouts() {
		return this.lockTimeouts.sum();
	}

	/**
	 * Values served stale within their stale-while-revalidate window.
	 * @return the count
	 */
	public long staleServed() {
		return this.staleServed.sum();
	}

	/**
	 * Values served stale because the supplier threw, within their stale-if-error window.
	 * @return the count
	 */
	public long staleIfErrorServed() {
		return this.staleIfErrorServed.sum();
	}

	/**
	 * Recomputations started before expiry by the XFetch rule.
	 * @return the count
	 */
	public long earlyRecomputes() {
		return this.earlyRecomputes.sum();
	}

	/**
	 * Background recomputations whose supplier threw (logged; the stale value stays).
	 * @return the count
	 */
	public long refreshFailures() {
		return this.refreshFailures.sum();
	}

	/**
	 * Callers that found the key's distributed lease held by another instance (or another
	 * caller) and waited for its value instead of running the supplier.
	 * @return the count
	 */
	public long leaseWaits() {
		return this.leaseWaits.sum();
	}

	void coalescedWait() {
		this.coalescedWaits.increment();
	}

	void lockTimeout() {
		this.lockTimeouts.increment();
	}

	void staleServe() {
		this.staleServed.increment();
	}

	void staleIfErrorServe() {
		this.staleIfErrorServed.increment();
	}

	void earlyRecompute() {
		this.earlyRecomputes.increment();
	}

	void refreshFailure() {
		this.refreshFailures.increment();
	}

	void leaseWait() {
		this.leaseWaits.increment();
	}

	@Override
	public String toString() {
		return "StampedeStatistics[coalescedWaits=" + coalescedWaits() + ", lockTimeouts=" + lockTimeouts()
				+ ", staleServed=" + staleServed() + ", staleIfErrorServed=" + staleIfErrorServed()
				+ ", earlyRecomputes=" + earlyRecomputes() + ", refreshFailures=" + refreshFailures() + ", leaseWaits="
				+ leaseWaits() + "]";
	}

}
