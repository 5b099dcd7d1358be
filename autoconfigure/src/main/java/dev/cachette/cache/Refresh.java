package dev.cachette.cache;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * How {@link Cache#getOrSet(String, Duration, java.util.function.Supplier, Refresh)}
 * keeps a hot key from stampeding: how long a value may be served stale while one caller
 * recomputes it, how long it may be served stale when the supplier fails, how eagerly it
 * is recomputed before it expires, and how much its timeout is spread. Immutable; each
 * method returns a new instance.
 *
 * <pre class="code">
 * Article a = cache.getOrSet("article:" + slug, Duration.ofMinutes(5), () -&gt; repo.load(slug),
 *         Refresh.staleWhileRevalidate(Duration.ofSeconds(30)).staleIfError(Duration.ofMinutes(10)));
 * </pre>
 *
 * <p>
 * The windows follow RFC 5861's {@code stale-while-revalidate} and
 * {@code stale-if-error}; early recompute is the XFetch rule of Vattani, Chierichetti and
 * Lowenstein, "Optimal Probabilistic Cache Stampede Prevention" (VLDB 2015): a caller
 * recomputes before expiry when {@code now - delta * beta * ln(random) >= expiry},
 * {@code delta} being how long the last computation took and {@code random} uniform in
 * (0, 1].
 */
public final class Refresh {

	private static final Refresh DEFAULTS = new Refresh(Duration.ZERO, Duration.ZERO, 1.0, null);

	private final Duration staleWhileRevalidate;

	private final Duration staleIfError;

	private final double beta;

	private final @Nullable Double jitter;

	private Refresh(Duration staleWhileRevalidate, Duration staleIfError, double beta, @Nullable Double jitter) {
		this.staleWhileRevalidate = staleWhileRevalidate;
		this.staleIfError = staleIfError;
		this.beta = beta;
		this.jitter = jitter;
	}

	/**
	 * No stale windows, early recompute with {@code beta} 1, the alias's
	 * {@code timeout-jitter}.
	 * @return the defaults
	 */
	public static Refresh defaults() {
		return DEFAULTS;
	}

	/**
	 * The defaults, with a stale-while-revalidate window.
	 * @param window how long after its timeout a value is still served, at once, while
	 * one caller recomputes it in the background; zero for none
	 * @return the refresh settings
	 * @throws IllegalArgumentException if the window is negative
	 */
	public static Refresh staleWhileRevalidate(Duration window) {
		return new Refresh(nonNegative(window, "staleWhileRevalidate"), DEFAULTS.staleIfError, DEFAULTS.beta,
				DEFAULTS.jitter);
	}

	/**
	 * Returns these settings with a stale-if-error window.
	 * @param window how long after its timeout a value is served when recomputing it
	 * throws; outside it the exception propagates. Zero for none
	 * @return new refresh settings
	 * @throws IllegalArgumentException if the window is negative
	 */
	public Refresh staleIfError(Duration window) {
		return new Refresh(this.staleWhileRevalidate, nonNegative(window, "staleIfError"), this.beta, this.jitter);
	}

	/**
	 * Returns these settings with another XFetch {@code beta}.
	 * @param beta zero never recomputes early; 1 (the default) is XFetch's optimum; above
	 * 1 recomputes earlier
	 * @return new refresh settings
	 * @throws IllegalArgumentException if beta is negative or not a number
	 */
	public Refresh earlyRecompute(double beta) {
		if (!(beta >= 0) || Double.isInfinite(beta)) {
			throw new IllegalArgumentException("earlyRecompute beta must be zero or positive (was " + beta + ")");
		}
		return new Refresh(this.staleWhileRevalidate, this.staleIfError, beta, this.jitter);
	}

	/**
	 * Returns these settings with a timeout jitter for this call, in place of the alias's
	 * {@code timeout-jitter}.
	 * @param fraction from 0 (none) to less than 1: the timeout is multiplied by a random
	 * factor in {@code [1 - fraction, 1 + fraction]}
	 * @return new refresh settings
	 * @throws IllegalArgumentException if the fraction is outside {@code [0, 1)}
	 */
	public Refresh jitter(double fraction) {
		if (!(fraction >= 0 && fraction < 1)) {
			throw new IllegalArgumentException("jitter must be from 0 to less than 1 (was " + fraction + ")");
		}
		return new Refresh(this.staleWhileRevalidate, this.staleIfError, this.beta, fraction);
	}

	/**
	 * The stale-while-revalidate window.
	 * @return the window, zero for none
	 */
	public Duration staleWhileRevalidate() {
		return this.staleWhileRevalidate;
	}

	/**
	 * The stale-if-error window.
	 * @return the window, zero for none
	 */
	public Duration staleIfError() {
		return this.staleIfError;
	}

	/**
	 * The XFetch {@code beta}.
	 * @return beta, zero for never early
	 */
	public double beta() {
		return this.beta;
	}

	/**
	 * The jitter of this call.
	 * @return the fraction, or {@code null} for the alias's {@code timeout-jitter}
	 */
	public @Nullable Double jitter() {
		return this.jitter;
	}

	private static Duration nonNegative(Duration window, String name) {
		Objects.requireNonNull(window, name);
		if (window.isNegative()) {
			throw new IllegalArgumentException(name + " must not be negative (was " + window + ")");
		}
		return window;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof Refresh that) && this.staleWhileRevalidate.equals(that.staleWhileRevalidate)
				&& this.staleIfError.equals(that.staleIfError) && this.beta == that.beta
				&& Objects.equals(this.jitter, that.jitter);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.staleWhileRevalidate, this.staleIfError, this.beta, this.jitter);
	}

	@Override
	public String toString() {
		return "Refresh[staleWhileRevalidate=" + this.staleWhileRevalidate + ", staleIfError=" + this.staleIfError
				+ ", beta=" + this.beta + ", jitter=" + ((this.jitter != null) ? this.jitter : "alias") + "]";
	}

}
