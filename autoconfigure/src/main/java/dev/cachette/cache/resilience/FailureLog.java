package dev.cachette.cache.resilience;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * What an alias logs about its backend's failures, never a line per call: the first
 * failure after a quiet interval (with its cause), one line when the circuit opens and
 * one when it closes (a failed probe, which keeps it open, is logged at DEBUG), and at
 * most one summary per interval ({@code Cache 'default': 2,274 failed calls and 9,120
 * skipped calls in the last 10 s (circuit open)}), written by the first call after the
 * interval, so an outage of any number of calls writes a bounded number of lines. The
 * logger is {@code dev.cachette.cache.CacheFailures}.
 */
final class FailureLog {

	/** How often a summary may be written. */
	static final Duration INTERVAL = Duration.ofSeconds(10);

	private static final Log logger = LogFactory.getLog("dev.cachette.cache.CacheFailures");

	/** {@code Cache 'default'}, or {@code Cache 'default', server host:port}. */
	private final String subject;

	private final Clock clock;

	private final LongAdder failed = new LongAdder();

	private final LongAdder skipped = new LongAdder();

	private final LongAdder failedTotal = new LongAdder();

	private final LongAdder skippedTotal = new LongAdder();

	/** When the next line may be written; 0 writes the first failure at once. */
	private final AtomicLong nextLine = new AtomicLong();

	private volatile long intervalStart;

	FailureLog(String subject, Clock clock) {
		this.subject = subject;
		this.clock = clock;
	}

	long failedTotal() {
		return this.failedTotal.sum();
	}

	long skippedTotal() {
		return this.skippedTotal.sum();
	}

	void failed(RuntimeException failure, CircuitBreaker.State state) {
		this.failed.increment();
		this.failedTotal.increment();
		maybeWrite(state, failure);
	}

	void skipped(CircuitBreaker.State state) {
		this.skipped.increment();
		this.skippedTotal.increment();
		maybeWrite(state, null);
	}

	void transition(CircuitBreaker.State from, CircuitBreaker.State to, long retryInMillis, int failures,
			@Nullable RuntimeException failure) {
		switch (to) {
			case OPEN -> {
				if (from == CircuitBreaker.State.CLOSED) {
					logger.warn(this.subject + ": circuit open after " + failures
							+ ((failures == 1) ? " failure" : " failures") + "; calls skip the backend for "
							+ retryInMillis + " ms, then one probes it, at growing intervals until it answers"
							+ ((failure != null) ? " (last failure: " + failure.getMessage() + ")" : ""));
				}
				else if (logger.isDebugEnabled()) {
					// Still open: the summaries say so, once per interval.
					logger.debug(
							this.subject + ": the probe failed; the circuit stays open for " + retryInMillis + " ms");
				}
			}
			case HALF_OPEN -> {
				if (logger.isDebugEnabled()) {
					logger.debug(this.subject + ": circuit half-open, one call probes the backend");
				}
			}
			case CLOSED -> logger.info(this.subject + ": circuit closed, the backend answers again");
		}
	}

	/**
	 * A transition of an alias's breaker that follows its servers' (see
	 * {@link CircuitBreaker}): it has no back-off of its own.
	 */
	void serversTransition(CircuitBreaker.State to, @Nullable RuntimeException failure) {
		if (to == CircuitBreaker.State.OPEN) {
			logger.warn(this.subject + ": circuit open, the circuit of every server is; calls skip the backend"
					+ " until a server's probe answers"
					+ ((failure != null) ? " (last failure: " + failure.getMessage() + ")" : ""));
		}
		else if (to == CircuitBreaker.State.CLOSED) {
			logger.info(this.subject + ": circuit closed, a server answers again");
		}
	}

	private void maybeWrite(CircuitBreaker.State state, @Nullable RuntimeException failure) {
		long now = this.clock.millis();
		long next = this.nextLine.get();
		if (now < next || !this.nextLine.compareAndSet(next, now + INTERVAL.toMillis())) {
			return;
		}
		long failures = this.failed.sumThenReset();
		long skips = this.skipped.sumThenReset();
		long start = this.intervalStart;
		this.intervalStart = now;
		if (next == 0 || now - start > 2 * INTERVAL.toMillis()) {
			// The first failure after a quiet spell: say what it was.
			logger.warn(
					this.subject + ": the backend failed" + ((failure != null) ? " (" + failure.getMessage() + ")" : "")
							+ "; reads are misses and writes are dropped until it answers (strict operations throw);"
							+ " further failures are summarized every " + INTERVAL.toSeconds() + " s");
			return;
		}
		logger.warn(String.format("%s: %,d failed calls and %,d skipped calls in the last %d s (circuit %s)",
				this.subject, failures, skips, Math.max(1, (now - start) / 1000),
				state.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')));
	}

}
