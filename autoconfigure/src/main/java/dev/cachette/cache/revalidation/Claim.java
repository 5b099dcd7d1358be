package dev.cachette.cache.revalidation;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.cachette.cache.CacheLock;

/**
 * The right to recompute one key, held by a {@link Revalidation} ticket: the lock that
 * keeps the key's other callers waiting (the single-flight slot, the distributed lease,
 * or a {@link CacheLock} of another cache) and, for the single-flight slot, the channel
 * through which its waiters receive the result or the failure without reading the store.
 * Released once, by whichever path ends the recomputation first.
 */
final class Claim implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(Claim.class);

	/** A claim that coordinates nothing: single-flight off, or a wait that timed out. */
	static final Claim NONE = new Claim(CacheLock.UNCOORDINATED, null);

	private final CacheLock lock;

	/** A lock taken after {@link #lock}, released before it; {@code null} for none. */
	private final @Nullable CacheLock inner;

	private final @Nullable CompletableFuture<@Nullable Object> waiters;

	private final AtomicBoolean closed = new AtomicBoolean();

	/**
	 * Creates a claim.
	 * @param lock the held lock, released by {@link #close()}
	 * @param waiters the future the key's local waiters wait on, or {@code null}
	 */
	Claim(CacheLock lock, @Nullable CompletableFuture<@Nullable Object> waiters) {
		this(lock, null, waiters);
	}

	private Claim(CacheLock lock, @Nullable CacheLock inner, @Nullable CompletableFuture<@Nullable Object> waiters) {
		this.lock = lock;
		this.inner = inner;
		this.waiters = waiters;
	}

	/**
	 * Adds a lock that this claim releases before its own, such as the distributed lease
	 * taken behind a single-flight slot.
	 * @param inner the lock taken after this one
	 * @return a claim releasing both
	 */
	Claim with(CacheLock inner) {
		return new Claim(this.lock, inner, this.waiters);
	}

	/** Whether other callers wait for this one. */
	boolean coordinated() {
		return this != NONE;
	}

	/** Hands the result to the local waiters, who return it without reading the store. */
	void publish(@Nullable Object result) {
		if (this.waiters != null) {
			this.waiters.complete(result);
		}
	}

	/** Hands a failure to the local waiters: they get it rather than retrying at once. */
	void fail(Throwable failure) {
		if (this.waiters != null) {
			this.waiters.completeExceptionally(failure);
		}
	}

	/** Releases the lock; idempotent, never throws (a lease then expires on its own). */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		try {
			if (this.inner != null) {
				this.inner.close();
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Releasing a recomputation lease failed; it expires on its own: " + ex);
		}
		try {
			this.lock.close();
		}
		catch (RuntimeException ex) {
			logger.warn("Releasing a recomputation lock failed; it expires with its lease: " + ex);
		}
	}

}
