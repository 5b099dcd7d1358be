package dev.cachette.cache;

import java.lang.management.ManagementFactory;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * What one read cost the calling thread: wall time, bytes allocated
 * ({@link com.sun.management.ThreadMXBean#getThreadAllocatedBytes}, HotSpot's per-thread
 * allocation counter) and what it returned or threw. Errors are caught too, so a test can
 * assert that a hostile input ended in a {@link SerializationException} and not in an
 * {@link OutOfMemoryError} or a {@link StackOverflowError}.
 *
 * @param nanos how long the read took, wall time
 * @param cpuNanos how much CPU time the calling thread spent on it, which a busy machine
 * does not inflate
 * @param allocatedBytes how many bytes the thread allocated meanwhile
 * @param value what the read returned, when it returned
 * @param thrown what the read threw, or {@code null}
 */
public record ReadCost(long nanos, long cpuNanos, long allocatedBytes, @Nullable Object value,
		@Nullable Throwable thrown) {

	private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	/**
	 * Runs a read and measures it.
	 * @param read the read
	 * @return its cost
	 */
	public static ReadCost of(Supplier<@Nullable Object> read) {
		long thread = Thread.currentThread().getId();
		long allocatedBefore = THREADS.getThreadAllocatedBytes(thread);
		long cpuBefore = THREADS.getCurrentThreadCpuTime();
		long start = System.nanoTime();
		Object value = null;
		Throwable thrown = null;
		try {
			value = read.get();
		}
		catch (Throwable ex) {
			thrown = ex;
		}
		long nanos = System.nanoTime() - start;
		long cpuNanos = THREADS.getCurrentThreadCpuTime() - cpuBefore;
		return new ReadCost(nanos, cpuNanos, THREADS.getThreadAllocatedBytes(thread) - allocatedBefore, value, thrown);
	}

	/**
	 * The wall time in milliseconds.
	 * @return the time
	 */
	public long millis() {
		return this.nanos / 1_000_000;
	}

	/**
	 * The thread's CPU time in milliseconds.
	 * @return the time
	 */
	public long cpuMillis() {
		return this.cpuNanos / 1_000_000;
	}

	@Override
	public String toString() {
		return millis() + " ms (" + cpuMillis() + " ms CPU), " + this.allocatedBytes + " bytes allocated, "
				+ ((this.thrown != null) ? "threw " + this.thrown : "returned a value");
	}

}
