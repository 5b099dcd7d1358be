package dev.cachette.cache.resilience;

import java.time.Duration;

import dev.cachette.cache.InvalidCacheBackendException;
import dev.cachette.cache.settings.CacheSettings;

/**
 * The deadlines of one alias's calls to its server, chosen by the path a call is on. A
 * page, a fragment or a {@code getOrSet} made while serving a request must not keep the
 * visitor waiting for a sick cache, while warming, background refresh and table creation
 * can afford to wait longer for a busy one.
 *
 * <ul>
 * <li>{@code connect-timeout} (1s): how long opening a connection may take. Clients
 * reconnect in the background; a call never waits for a reconnection.</li>
 * <li>{@code operation-timeout} (50ms): the deadline of a call on the request path. A
 * healthy cache answers in about a millisecond, so 50 ms leaves room for a busy server, a
 * GC pause and a slow network, and is still well under what a visitor notices; a call
 * past it fails, and the caller goes on uncached.</li>
 * <li>{@code background-timeout} (2s): the deadline of a call made as
 * {@link BackgroundWork}.</li>
 * </ul>
 * A write also gets 1 ms per 100 KB it sends (about 100 MB/s, a gigabit link at 80%), so
 * that storing a large page or a {@code setMany} of pages is not cut off by a deadline
 * meant for small values.
 */
public final class CallTimeouts {

	/** The default {@code connect-timeout}. */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);

	/** The default {@code operation-timeout}. */
	public static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofMillis(50);

	/** The default {@code background-timeout}. */
	public static final Duration DEFAULT_BACKGROUND_TIMEOUT = Duration.ofSeconds(2);

	/** The option names, in their documented spelling. */
	public static final java.util.Set<String> OPTIONS = java.util.Set.of("connect-timeout", "operation-timeout",
			"background-timeout");

	private static final long BYTES_PER_MILLISECOND = 10_000;

	private final Duration connect;

	private final Duration operation;

	private final Duration background;

	private CallTimeouts(Duration connect, Duration operation, Duration background) {
		this.connect = connect;
		this.operation = operation;
		this.background = background;
	}

	/**
	 * Reads the timeouts of an alias.
	 * @param settings the alias settings
	 * @return the timeouts
	 * @throws InvalidCacheBackendException if a timeout is not a positive duration
	 */
	public static CallTimeouts of(CacheSettings settings) {
		return of(settings, DEFAULT_OPERATION_TIMEOUT);
	}

	/**
	 * Reads the timeouts of an alias whose backend needs another default
	 * {@code operation-timeout}.
	 * @param settings the alias settings
	 * @param defaultOperationTimeout the {@code operation-timeout} when unset
	 * @return the timeouts
	 * @throws InvalidCacheBackendException if a timeout is not a positive duration
	 */
	public static CallTimeouts of(CacheSettings settings, Duration defaultOperationTimeout) {
		return new CallTimeouts(positive(settings, "connect-timeout", DEFAULT_CONNECT_TIMEOUT),
				positive(settings, "operation-timeout", defaultOperationTimeout),
				positive(settings, "background-timeout", DEFAULT_BACKGROUND_TIMEOUT));
	}

	private static Duration positive(CacheSettings settings, String name, Duration defaultValue) {
		Duration value = settings.durationOption(name, defaultValue);
		if (value.isNegative() || value.isZero()) {
			throw settings.invalidOption(name, settings.option(name), "a positive duration such as 50ms or 2s");
		}
		return value;
	}

	/**
	 * How long opening a connection may take.
	 * @return the connect timeout
	 */
	public Duration connect() {
		return this.connect;
	}

	/**
	 * The deadline of a call on the request path.
	 * @return the operation timeout
	 */
	public Duration operation() {
		return this.operation;
	}

	/**
	 * The deadline of a call made as background work.
	 * @return the background timeout
	 */
	public Duration background() {
		return this.background;
	}

	/**
	 * The longer of the two call deadlines, for clients that need one bound for every
	 * call.
	 * @return the longest call timeout
	 */
	public Duration longest() {
		return (this.operation.compareTo(this.background) >= 0) ? this.operation : this.background;
	}

	/**
	 * The deadline of a call the current thread makes now.
	 * @return the background timeout in {@link BackgroundWork}, else the operation
	 * timeout
	 */
	public Duration current() {
		return BackgroundWork.isActive() ? this.background : this.operation;
	}

	/**
	 * The deadline of a write the current thread makes now.
	 * @param payloadBytes how many bytes the write sends
	 * @return {@link #current()} plus 1 ms per 10 KB
	 */
	public Duration current(long payloadBytes) {
		return current().plusMillis(payloadBytes / BYTES_PER_MILLISECOND);
	}

	@Override
	public String toString() {
		return "connect-timeout=" + this.connect.toMillis() + "ms, operation-timeout=" + this.operation.toMillis()
				+ "ms, background-timeout=" + this.background.toMillis() + "ms";
	}

}
