package dev.cachette.cache;

import java.time.Duration;
import java.time.ZoneId;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link FakeClock}.
 */
class FakeClockTests {

	@Test
	void instant_standsStillUntilAdvanced() {
		FakeClock clock = new FakeClock();
		assertThat(clock.instant()).isEqualTo(FakeClock.START);
		assertThat(clock.millis()).isEqualTo(FakeClock.START.toEpochMilli());
		clock.advance(Duration.ofMillis(1500));
		assertThat(clock.instant()).isEqualTo(FakeClock.START.plusMillis(1500));
	}

	@Test
	void advance_backwards_isRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new FakeClock().advance(Duration.ofSeconds(-1)));
	}

	@Test
	void advance_fromManyThreads_losesNoStep() {
		FakeClock clock = new FakeClock();
		IntStream.range(0, 10_000).parallel().forEach((i) -> clock.advance(Duration.ofNanos(1)));
		assertThat(clock.instant()).isEqualTo(FakeClock.START.plusNanos(10_000));
	}

	@Test
	void withZone_sharesTheTime() {
		FakeClock clock = new FakeClock();
		java.time.Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));
		clock.advance(Duration.ofHours(1));
		assertThat(paris.instant()).isEqualTo(clock.instant());
		assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
	}

}
