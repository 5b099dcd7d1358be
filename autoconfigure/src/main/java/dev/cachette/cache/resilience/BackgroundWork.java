package dev.cachette.cache.resilience;

import java.util.function.Supplier;

/**
 * Marks the cache calls a thread makes as background work (warming, background refresh,
 * table creation), so that backends give them the alias's {@code background-timeout}
 * instead of the short {@code operation-timeout} that bounds a call made while serving a
 * request (see {@link CallTimeouts}).
 *
 * <p>
 * The marker is scoped, like a {@code ScopedValue}: it holds while the given work runs on
 * the calling thread and is gone when it returns, also after an exception. Work that
 * marks itself inside marked work keeps the mark. A thread the work hands off to is not
 * marked; the background task marks itself where it runs.
 */
public final class BackgroundWork {

	private static final ThreadLocal<Boolean> MARKED = new ThreadLocal<>();

	private BackgroundWork() {
	}

	/**
	 * Tells whether the current thread runs background work.
	 * @return whether a call made now is background work
	 */
	public static boolean isActive() {
		return MARKED.get() != null;
	}

	/**
	 * Runs work as background work.
	 * @param <T> the result type
	 * @param work the work
	 * @return what the work returns
	 */
	public static <T> T call(Supplier<T> work) {
		if (isActive()) {
			return work.get();
		}
		MARKED.set(Boolean.TRUE);
		try {
			return work.get();
		}
		finally {
			MARKED.remove();
		}
	}

	/**
	 * Runs work as background work.
	 * @param work the work
	 */
	public static void run(Runnable work) {
		call(() -> {
			work.run();
			return null;
		});
	}

}
