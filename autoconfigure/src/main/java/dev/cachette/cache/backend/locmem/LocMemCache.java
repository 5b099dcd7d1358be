package dev.cachette.cache.backend.locmem;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Ticker;
import org.jspecify.annotations.Nullable;

import dev.cachette.cache.CacheKeyNotFoundException;
import dev.cachette.cache.backend.BaseCache;
import dev.cachette.cache.serialization.AllowList;
import dev.cachette.cache.settings.CacheSettings;

/**
 * Local memory: Django's {@code LocMemCache}.
 *
 * <p>
 * Aliases with the same {@code location} share one store in the JVM, as Django's
 * module-level {@code _caches} dictionary makes them share one; aliases without a
 * location share the store named {@code ""}. {@code options.eviction} chooses how a full
 * store makes room. {@code lru}, the default, is Django's exactly ({@link LruStore}):
 * strict least-recently-used order, and a write that finds {@code max-entries} (300)
 * entries first deletes the {@code 1/cull-frequency} (3) least recently used, each alias
 * culling at its own limits. {@code w-tinylfu} is a Caffeine cache ({@link TinyLfuStore})
 * bounded to the first alias's {@code max-entries}, evicting one entry per entry past the
 * bound by frequency and recency, for a higher hit ratio; {@code cull-frequency} does not
 * apply to it.
 *
 * <p>
 * Values are stored by value, as Django pickles them: a mutable value is serialized on
 * {@code set} and deserialized on each {@code get}, so changing an object after storing
 * it never changes what the cache returns. Values nobody can change are kept as they are,
 * since a copy would be identical: immutable JDK values ({@code String}, numbers,
 * {@code java.time} values, ...), enums, {@code List.of}-style collections and records
 * holding only such values, when the serializer's allow-list admits them (see
 * {@link ImmutableValues}). {@code options.by-reference: true} stores every value as
 * given, for speed, when callers never mutate what they store.
 */
public class LocMemCache extends BaseCache {

	/** The option names this backend accepts, besides the common ones. */
	static final Set<String> OPTIONS = Set.of("max-entries", "cull-frequency", "eviction", "by-reference");

	private final SharedStores.Lease lease;

	/** The lease's store, held directly: one load less on every operation. */
	private final LocalStore store;

	private final Ticker ticker;

	private final boolean byReference;

	private final @Nullable AllowList allowList;

	/**
	 * Creates the cache for an alias.
	 * @param settings the alias settings; options {@code max-entries},
	 * {@code cull-frequency}, {@code eviction}, {@code by-reference}
	 * @throws dev.cachette.cache.InvalidCacheBackendException naming the alias and the
	 * option when one is invalid, or when the location's store uses another eviction
	 */
	public LocMemCache(CacheSettings settings) {
		super(settings);
		LocMemOptions options = LocMemOptions.of(settings);
		this.byReference = options.byReference();
		this.allowList = settings.serializer().allowList();
		this.ticker = tickerOf(settings.clock());
		this.lease = SharedStores.INSTANCE.acquire(settings.location(), options, this.ticker, settings.alias());
		this.store = this.lease.view();
	}

	private static Ticker tickerOf(Clock clock) {
		if (clock.equals(Clock.systemUTC())) {
			return Ticker.systemTicker();
		}
		return () -> {
			Instant now = clock.instant();
			return now.getEpochSecond() * 1_000_000_000L + now.getNano();
		};
	}

	@Override
	protected @Nullable Object getValue(String key) {
		return valueOf(this.store.get(key));
	}

	/** As {@link #getValue}, leaving the LRU order alone, as Django's {@code has_key}. */
	@Override
	protected @Nullable Object peekValue(String key) {
		return valueOf(this.store.peek(key));
	}

	private @Nullable Object valueOf(@Nullable Entry entry) {
		if (entry == null) {
			return MISSING;
		}
		return (entry.value() instanceof Copy copy) ? decode(copy.bytes()) : entry.value();
	}

	@Override
	protected boolean hasValue(String key) {
		return this.store.contains(key);
	}

	@Override
	protected void setValue(String key, @Nullable Object value, Duration timeout) {
		this.store.put(key, new Entry(stored(value), expiresAt(timeout)));
	}

	@Override
	protected boolean addValue(String key, @Nullable Object value, Duration timeout) {
		Entry entry = new Entry(stored(value), expiresAt(timeout));
		return this.store.putIfAbsent(key, entry);
	}

	@Override
	protected boolean touchValue(String key, Duration timeout) {
		long expiresAt = expiresAt(timeout);
		return this.store.touch(key, expiresAt);
	}

	@Override
	protected boolean deleteValue(String key) {
		return this.store.remove(key);
	}

	/**
	 * {@code Key ':1:missing' not found}: Django's {@code LocMemCache.incr} names the
	 * stored key.
	 */
	@Override
	protected CacheKeyNotFoundException keyNotFound(String key, String storedKey) {
		return new CacheKeyNotFoundException("Key '" + storedKey + "' not found");
	}

	@Override
	protected @Nullable Long incrValue(String key, long delta) {
		Entry updated = this.store.update(key,
				(entry) -> new Entry(addToCounter(key, entry.value(), delta), entry.expiresAt()));
		return (updated != null) ? (Long) updated.value() : null;
	}

	@Override
	protected void clearValues() {
		this.store.clear();
	}

	@Override
	protected void closeStore() {
		SharedStores.INSTANCE.release(this.lease);
	}

	@Override
	protected boolean isLocal() {
		return true;
	}

	/** The store's size, shared by the aliases with the same location. */
	@Override
	protected Long storeSize() {
		return this.store.size();
	}

	/** The store's evictions, shared by the aliases with the same location. */
	@Override
	protected Long storeEvictions() {
		return this.store.evictions();
	}

	private @Nullable Object stored(@Nullable Object value) {
		if (this.byReference || value == null || ImmutableValues.isValueType(value)) {
			return value;
		}
		AllowList allowList = this.allowList;
		if (allowList != null && ImmutableValues.isDeeplyImmutable(value, allowList)) {
			return value;
		}
		return new Copy(encode(value));
	}

	private long expiresAt(Duration timeout) {
		if (isForever(timeout)) {
			return Entry.NEVER;
		}
		long now = this.ticker.read();
		long nanos = timeout.toNanos();
		return (nanos > Entry.NEVER - now) ? Entry.NEVER : now + nanos;
	}

	/** A serialized copy of a mutable value. */
	private record Copy(byte[] bytes) {
	}

}
