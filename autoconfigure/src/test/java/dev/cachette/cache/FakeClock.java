package dev.cachette.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import dev.cachette.cache.settings.CacheSettings;

/**
 * A clock that stands still until a test moves it, so that expiry tests move time instead
 * of sleeping (Caffeine's {@code FakeTicker}, as a {@link Clock}). Pass it with
 * {@link CacheSettings.Builder#clock}; {@code LocMemCache} turns it into Caffeine's
 * ticker.
 *
 * <p>
 * It starts at {@link #START} and is thread-safe: {@link #advance} may race with readers.
 * A clock from {@link #withZone} shares this clock's time.
 */
public final class FakeClock extends Clock {

	/** The instant every fake clock starts at. */
	public static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

	private final AtomicReference<Instant> now;

	private final ZoneId zone;

	/** Creates a clock at {@link #START}, in UTC. */
	public FakeClock() {
		this(new AtomicReference<>(START), ZoneOffset.UTC);
	}

	private FakeClock(AtomicReference<Instant> now, ZoneId zone) {
		this.now = now;
		this.zone = zone;
	}

	/**
	 * Moves the clock forward.
	 * @param duration how far; must not be negative
	 * @return this clock
	 */
	public FakeClock advance(Duration duration) {
		if (duration.isNegative()) {
			throw new IllegalArgumentException("A fake clock only moves forward (was " + duration + ")");
		}
		this.now.updateAndGet((instant) -> instant.plus(duration));
		return this;
	}

	@Override
	public Instant instant() {
		return this.now.get();
	}

	@Override
	public ZoneId getZone() {
		return this.zone;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return new FakeClock(this.now, zone);
	}

	@Override
	public String toString() {
		return "FakeClock[" + instant() + ", " + this.zone + "]";
	}

}
