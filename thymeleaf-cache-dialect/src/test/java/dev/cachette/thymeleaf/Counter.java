package dev.cachette.thymeleaf;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model object whose every read is counted: the proof that a fragment body is evaluated
 * once on a miss and not at all on a hit.
 */
public final class Counter {

	private final AtomicInteger reads = new AtomicInteger();

	private final String value;

	Counter(String value) {
		this.value = value;
	}

	/**
	 * Reads the value, counting the read.
	 * @return the value
	 */
	public String getValue() {
		this.reads.incrementAndGet();
		return this.value;
	}

	int reads() {
		return this.reads.get();
	}

}
