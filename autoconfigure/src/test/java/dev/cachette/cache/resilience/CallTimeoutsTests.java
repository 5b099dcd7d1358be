package dev.cachette.cache.resilience;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.cachette.cache.InvalidCacheBackendException;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The deadlines of {@link CallTimeouts}, chosen by {@link BackgroundWork}. */
class CallTimeoutsTests {

	private static CacheSettings.Builder settings() {
		return CacheSettings.builder("default");
	}

	@Test
	void defaults_shortOnTheRequestPath_longerInBackgroundWork() {
		CallTimeouts timeouts = CallTimeouts.of(settings().build());
		assertThat(timeouts.connect()).isEqualTo(Duration.ofSeconds(1));
		assertThat(timeouts.current()).isEqualTo(Duration.ofMillis(50));
		assertThat(BackgroundWork.<Duration>call(timeouts::current)).isEqualTo(Duration.ofSeconds(2));
		assertThat(BackgroundWork.isActive()).as("the mark ends with the work").isFalse();
		assertThat(timeouts.longest()).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void backgroundWork_nestedAndFailing_keepsAndThenDropsTheMark() {
		BackgroundWork.run(() -> BackgroundWork.run(() -> assertThat(BackgroundWork.isActive()).isTrue()));
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> BackgroundWork.run(() -> {
			throw new IllegalStateException();
		}));
		assertThat(BackgroundWork.isActive()).isFalse();
	}

	@Test
	void options_setEachDeadline_andABackendMayGiveAnotherDefault() {
		CallTimeouts timeouts = CallTimeouts.of(settings().option("operation-timeout", "20ms")
			.option("background-timeout", "5s")
			.option("connect-timeout", 3)
			.build());
		assertThat(timeouts.operation()).isEqualTo(Duration.ofMillis(20));
		assertThat(timeouts.background()).isEqualTo(Duration.ofSeconds(5));
		assertThat(timeouts.connect()).isEqualTo(Duration.ofSeconds(3));
		assertThat(CallTimeouts.of(settings().build(), Duration.ofMillis(100)).operation())
			.isEqualTo(Duration.ofMillis(100));
	}

	@Test
	void largeWrites_getOneMillisecondPerTenKilobytes() {
		CallTimeouts timeouts = CallTimeouts.of(settings().build());
		assertThat(timeouts.current(500)).isEqualTo(Duration.ofMillis(50));
		assertThat(timeouts.current(1_000_000)).isEqualTo(Duration.ofMillis(150));
	}

	@Test
	void invalid_failsNamingAliasAndOption() {
		for (String option : CallTimeouts.OPTIONS) {
			assertThatExceptionOfType(InvalidCacheBackendException.class)
				.isThrownBy(() -> CallTimeouts.of(settings().option(option, "0s").build()))
				.withMessageContaining("caches.default.options." + option + " must be a positive duration");
		}
	}

}
