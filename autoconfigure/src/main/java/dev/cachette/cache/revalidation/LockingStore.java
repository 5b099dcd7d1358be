package dev.cachette.cache.revalidation;

import java.time.Duration;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheLock;

/**
 * The {@link FlowStore} of a {@link Cache} that is not a {@code BaseCache}: reads and
 * writes through its API (such a cache stores an envelope as any other value) and
 * coordinates through its {@link Cache#lock(String)}, which bounds its own waits.
 */
final class LockingStore implements FlowStore {

	private static final Object ABSENT = new Object();

	private final Cache cache;

	LockingStore(Cache cache) {
		this.cache = cache;
	}

	@Override
	public String storedKey(String key) {
		return key;
	}

	@Override
	public @Nullable Object read(String storedKey) {
		Object stored = this.cache.get(storedKey, ABSENT);
		return (stored != ABSENT) ? stored : RevalidationStore.MISSING;
	}

	@Override
	public void write(String storedKey, @Nullable Object value, @Nullable Duration timeout) {
		if (timeout != null) {
			this.cache.set(storedKey, value, timeout);
		}
		else {
			this.cache.set(storedKey, value);
		}
	}

	@Override
	public @Nullable Object claim(String storedKey, Supplier<?> lookup, long deadline, boolean first,
			StampedeStatistics counters) {
		CacheLock lock = this.cache.lock(storedKey);
		if (lock.acquired()) {
			return (lock != CacheLock.UNCOORDINATED) ? new Claim(lock, null) : Claim.NONE;
		}
		if (first) {
			counters.coalescedWait();
		}
		return lock.awaitRelease() ? SingleFlight.RELEASED : SingleFlight.TIMED_OUT;
	}

	@Override
	public @Nullable Claim tryClaim(String storedKey) {
		CacheLock lock = this.cache.lock(storedKey);
		if (!lock.acquired()) {
			return null;
		}
		return (lock != CacheLock.UNCOORDINATED) ? new Claim(lock, null) : Claim.NONE;
	}

	@Override
	public Duration lockTimeout() {
		// Unused: the cache's locks bound their own waits.
		return Duration.ofDays(1);
	}

	@Override
	public @Nullable LastKnownValues lastKnown() {
		return null;
	}

	@Override
	public boolean circuitOpen() {
		return false;
	}

}
