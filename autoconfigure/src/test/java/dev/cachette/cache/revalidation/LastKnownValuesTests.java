package dev.cachette.cache.revalidation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LastKnownValues}: bounded in entries and in bytes, the least recently
 * used dropped first, a value heavier than the whole bound never kept, and keys forgotten
 * on demand.
 */
class LastKnownValuesTests {

	private final LastKnownValues values = new LastKnownValues(3, 100,
			(value) -> (value instanceof String text) ? text.length() : 0);

	private static Envelope envelope(String value) {
		return new Envelope(value, Long.MAX_VALUE, 0, 0, 60_000);
	}

	@Test
	void theLeastRecentlyUsedGoesFirst_pastTheEntries() {
		this.values.remember("a", envelope("a"));
		this.values.remember("b", envelope("b"));
		this.values.remember("c", envelope("c"));
		assertThat(this.values.find("a")).isNotNull();
		this.values.remember("d", envelope("d"));
		assertThat(this.values.find("b")).as("the least recently used").isNull();
		assertThat(this.values.size()).isEqualTo(3);
	}

	@Test
	void theLeastRecentlyUsedGoesFirst_pastTheBytes() {
		this.values.remember("a", envelope("x".repeat(40)));
		this.values.remember("b", envelope("x".repeat(40)));
		this.values.remember("c", envelope("x".repeat(40)));
		assertThat(this.values.find("a")).isNull();
		assertThat(this.values.bytes()).isEqualTo(80);
		// Replacing a key counts its new weight only.
		this.values.remember("c", envelope("x".repeat(10)));
		assertThat(this.values.bytes()).isEqualTo(50);
	}

	@Test
	void aValueHeavierThanTheBound_isNeverKept_andDropsTheKeysOlderValue() {
		this.values.remember("a", envelope("small"));
		this.values.remember("a", envelope("x".repeat(101)));
		assertThat(this.values.find("a")).isNull();
		assertThat(this.values.bytes()).isZero();
	}

	@Test
	void forget_dropsTheMatchingKeys() {
		this.values.remember("page.1", envelope("a"));
		this.values.remember("page.2", envelope("b"));
		this.values.forget((key) -> key.endsWith(".1"));
		assertThat(this.values.find("page.1")).isNull();
		assertThat(this.values.find("page.2")).isNotNull();
		assertThat(this.values.bytes()).isEqualTo(1);
	}

}
