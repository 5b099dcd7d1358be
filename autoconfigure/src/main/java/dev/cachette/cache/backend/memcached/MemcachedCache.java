package dev.cachette.cache.backend.memcached;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import com.spotify.folsom.MemcacheClient;
import com.spotify.folsom.MemcacheStatus;
import com.spotify.folsom.MemcachedStats;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.cachette.cache.CacheException;
import dev.cachette.cache.CacheKeyNotFoundException;
import dev.cachette.cache.CacheUnavailableException;
import dev.cachette.cache.CacheValueNotIntegerException;
import dev.cachette.cache.InvalidCacheKeyException;
import dev.cachette.cache.backend.BaseCache;
import dev.cachette.cache.backend.memcached.MemcachedServers.Server;
import dev.cachette.cache.resilience.BackgroundWork;
import dev.cachette.cache.settings.CacheSettings;

/**
 * Memcached through Spotify's folsom client. Follows Django's
 * {@code django.core.cache.backends.memcached.BaseMemcachedCache} (and its
 * {@code PyMemcacheCache} and {@code PyLibMCCache}).
 *
 * <p>
 * {@code location} is one server ({@code host:port}, {@code unix:/path}) or several, as a
 * list or separated by {@code ;} or {@code ,}, forming one logical cache by consistent
 * hashing. Keys are checked before any round trip: a stored key longer than 250 bytes in
 * UTF-8, or holding whitespace or a control character, throws
 * {@link InvalidCacheKeyException}, as Django's {@code validate_key} raises
 * {@code InvalidCacheKey}. Timeouts become memcached expiration times as
 * {@link MemcachedExpiry} describes (whole seconds; over 30 days an absolute time).
 *
 * <p>
 * {@code incr} and {@code decr} are memcached's atomic commands: a missing key throws
 * {@link dev.cachette.cache.CacheKeyNotFoundException}; a negative delta is sent as the
 * opposite command, since memcached takes none; memcached's counters are unsigned 64-bit
 * integers, so {@code decr} stops at 0 and a stored negative number cannot be incremented
 * ({@link dev.cachette.cache.CacheValueNotIntegerException}). {@code getMany} is one
 * multi-get per server, {@code setMany} pipelines its writes and returns the keys the
 * server refused. {@code clear} is {@code flush_all}: it empties every server of the
 * alias, whatever the key prefix.
 *
 * <p>
 * Every call waits at most {@code options.operation-timeout} (50 ms) on the request path
 * and {@code options.background-timeout} (2 s) in background work, plus 1 ms per 10 KB a
 * write sends ({@link dev.cachette.cache.resilience.CallTimeouts}); a server that does
 * not answer, or cannot be reached, throws
 * {@link dev.cachette.cache.CacheUnavailableException} naming the alias and the servers.
 * Several servers have a circuit breaker each ({@link GuardedServers}), so a frozen one
 * is skipped while the others keep serving: its keys read as misses, in a {@code getMany}
 * too, while the others' are read; the alias's own circuit is open while every server's
 * is.
 *
 * <p>
 * The package is several times Django's file: Django leaves locations, options and the
 * protocol to pymemcache, while here small classes check them at startup and make up for
 * what folsom lacks (Unix sockets, a binary {@code incr} that creates no missing keys).
 * This file runs past 400 lines because it also waits for folsom's answers, the one of a
 * call and, for {@code flush_all} and statistics on several servers, each server's.
 */
public class MemcachedCache extends BaseCache {

	/** The option names this backend accepts, besides the common ones. */
	public static final java.util.Set<String> OPTIONS = MemcachedOptions.NAMES;

	/** The longest key memcached accepts, in bytes. */
	static final int MAX_KEY_BYTES = 250;

	private static final Log logger = LogFactory.getLog(MemcachedCache.class);

	private final String servers;

	private final MemcachedOptions options;

	private final FolsomClients.Connection connection;

	private final MemcacheClient<byte[]> client;

	/** The servers' breakers, when there are several servers. */
	private final @Nullable GuardedServers guarded;

	private final Increments increments;

	/**
	 * Creates the cache for an alias and connects to its servers, waiting up to
	 * {@code options.connect-timeout} (1 second by default) for the first connections. A
	 * server that is down fails the calls, not the startup, and is reconnected in the
	 * background.
	 * @param settings the alias settings; options {@code binary}, {@code username},
	 * {@code password}, {@code connections}, {@code connect-timeout},
	 * {@code operation-timeout}, {@code background-timeout}, {@code no-reply},
	 * {@code max-value-size}
	 * @throws dev.cachette.cache.InvalidCacheBackendException for a bad location or
	 * option
	 */
	public MemcachedCache(CacheSettings settings) {
		super(settings);
		List<Server> servers = MemcachedServers.parse(settings);
		this.servers = "memcached " + servers.stream().map(Server::toString).collect(Collectors.joining(", "));
		this.options = MemcachedOptions.of(settings);
		this.guarded = GuardedServers.of(settings, servers, this.options, !isStrict());
		this.connection = FolsomClients.connect(settings, servers, this.options, this.guarded);
		this.client = this.connection.client();
		this.increments = this.connection.increments();
		if (this.guarded != null) {
			this.guarded.watchConnections();
			circuitFollowsServers(this.guarded.circuits());
		}
	}

	/**
	 * Refuses keys memcached cannot store, before any round trip, with Django's text
	 * ({@code Cache key will cause errors if used with memcached: ':1:...' (longer than
	 * 250)}): see {@link MemcachedKeys}.
	 * @throws InvalidCacheKeyException if the stored key is empty, longer than 250
	 * characters or 250 bytes in UTF-8, or holds a character up to 32 or DEL
	 */
	@Override
	public void validateKey(String key) {
		String problem = keyProblem(key);
		if (problem != null) {
			throw new InvalidCacheKeyException(problem);
		}
	}

	static @Nullable String keyProblem(String key) {
		return MemcachedKeys.problem(key, memcacheKeyWarnings(key));
	}

	@Override
	protected @Nullable Object getValue(String key) {
		byte[] bytes = await(this.client.get(key), "get");
		return (bytes != null) ? decode(CounterBytes.withoutPadding(bytes)) : MISSING;
	}

	@Override
	protected Map<String, @Nullable Object> getValues(List<String> keys) {
		if (keys.isEmpty()) {
			return Map.of();
		}
		List<byte[]> values = await(this.client.get(keys), "get many");
		return decodeAll(keys,
				values.stream().map((bytes) -> (bytes != null) ? CounterBytes.withoutPadding(bytes) : null).toList());
	}

	/**
	 * Follows Django's {@code BaseMemcachedCache.set}: when the server refuses the value
	 * (larger than its item size), the key is deleted, so it does not keep an old value.
	 */
	@Override
	protected void setValue(String key, @Nullable Object value, Duration timeout) {
		byte[] encoded = encode(value);
		CompletionStage<MemcacheStatus> sent = this.client.set(key, encoded, ttl(timeout));
		if (this.options.noReply()) {
			reportRefusal(key, sent);
			return;
		}
		MemcacheStatus status = await(sent, "set", encoded.length);
		if (status != MemcacheStatus.OK) {
			refused(key, status);
			await(this.client.delete(key), "delete");
		}
	}

	/** With {@code no-reply}, a refusal is logged when the answer comes, if it comes. */
	private void reportRefusal(String key, CompletionStage<MemcacheStatus> sent) {
		sent.whenComplete((status, failure) -> {
			if (status != null && status != MemcacheStatus.OK) {
				refused(key, status);
			}
		});
	}

	private void refused(String key, MemcacheStatus status) {
		logger.warn("Cache '" + alias() + "': memcached did not store key '" + key + "' (" + status
				+ "; values are limited to options.max-value-size, " + this.options.maxValueSize() + " bytes)");
		if (this.options.noReply()) {
			this.client.delete(key);
		}
	}

	@Override
	protected boolean addValue(String key, @Nullable Object value, Duration timeout) {
		byte[] encoded = encode(value);
		MemcacheStatus status = await(this.client.add(key, encoded, ttl(timeout)), "add", encoded.length);
		if (status == MemcacheStatus.VALUE_TOO_LARGE || status == MemcacheStatus.OUT_OF_MEMORY) {
			logger.warn("Cache '" + alias() + "': memcached did not add key '" + key + "' (" + status + ")");
		}
		return status == MemcacheStatus.OK;
	}

	@Override
	protected boolean touchValue(String key, Duration timeout) {
		return await(this.client.touch(key, ttl(timeout)), "touch") == MemcacheStatus.OK;
	}

	@Override
	protected boolean deleteValue(String key) {
		return await(this.client.delete(key), "delete") == MemcacheStatus.OK;
	}

	/**
	 * {@code Key ':1:missing' not found}: Django's {@code BaseMemcachedCache.incr} names
	 * the stored key.
	 */
	@Override
	protected CacheKeyNotFoundException keyNotFound(String key, String storedKey) {
		return new CacheKeyNotFoundException("Key '" + storedKey + "' not found");
	}

	/**
	 * Follows Django's {@code BaseMemcachedCache.incr}: memcached takes no negative
	 * delta, so a negative one is sent as {@code decr}.
	 */
	@Override
	protected @Nullable Long incrValue(String key, long delta) {
		boolean decrement = delta < 0;
		// Long.MIN_VALUE has no positive counterpart; decrementing by Long.MAX_VALUE
		// reaches the same 0 for any counter a long can hold.
		long amount = !decrement ? delta : (delta == Long.MIN_VALUE) ? Long.MAX_VALUE : -delta;
		String operation = decrement ? "decr" : "incr";
		Long value;
		try {
			value = await(this.increments.apply(key, amount, decrement), operation);
		}
		catch (NotACounter ex) {
			// memcached's counters are unsigned: a stored negative number is not one
			// either.
			throw new CacheValueNotIntegerException(alias(), key, ex.getCause());
		}
		if (value != null && value < 0) {
			throw new CacheException("Cache '" + alias() + "': " + operation + " of key '" + key
					+ "' went past Long.MAX_VALUE: memcached now holds " + Long.toUnsignedString(value)
					+ " (its counters are unsigned 64-bit integers)");
		}
		return value;
	}

	/**
	 * Follows Django's {@code BaseMemcachedCache.clear}: {@code flush_all}. With several
	 * servers, a server whose circuit is open is skipped and the others are flushed; the
	 * call then reports the skipped one as a failure, which a fail-open alias ignores.
	 */
	@Override
	protected void clearValues() {
		if (this.guarded != null) {
			answersOfEachServer(this.guarded.toEachServer(this.guarded.flushAll()), "flush_all", true);
			return;
		}
		await(this.client.flushAll(0), "flush_all");
	}

	/**
	 * Follows Django's {@code BaseMemcachedCache.set_many}: the writes are pipelined, and
	 * the keys the server refused are returned. With {@code no-reply} nothing is awaited
	 * and nothing is reported.
	 */
	@Override
	protected List<String> setValues(Map<String, @Nullable Object> values, Duration timeout) {
		int ttl = ttl(timeout);
		Map<String, CompletableFuture<MemcacheStatus>> sent = new LinkedHashMap<>();
		long payload = 0;
		for (Map.Entry<String, @Nullable Object> entry : values.entrySet()) {
			byte[] encoded = encode(entry.getValue());
			payload += encoded.length;
			sent.put(entry.getKey(), this.client.set(entry.getKey(), encoded, ttl).toCompletableFuture());
		}
		if (this.options.noReply()) {
			sent.forEach(this::reportRefusal);
			return List.of();
		}
		awaitAll(sent.values(), "set many", payload);
		List<String> failed = new ArrayList<>();
		sent.forEach((key, future) -> {
			if (future.join() != MemcacheStatus.OK) {
				failed.add(key);
			}
		});
		return failed;
	}

	@Override
	protected void deleteValues(Collection<String> keys) {
		List<CompletableFuture<MemcacheStatus>> sent = new ArrayList<>(keys.size());
		for (String key : keys) {
			sent.add(this.client.delete(key).toCompletableFuture());
		}
		if (!this.options.noReply()) {
			awaitAll(sent, "delete many", 0);
		}
	}

	/**
	 * The servers' {@code curr_items}, summed: every item on the alias's servers, other
	 * aliases' and applications' included (memcached cannot count by prefix). With
	 * several servers, of those that answered: a server whose circuit is open is skipped.
	 */
	@Override
	protected Long storeSize() {
		return sumOfStatistic("curr_items");
	}

	/**
	 * The servers' {@code evictions}, summed: items memcached dropped to make room, on
	 * the whole servers.
	 */
	@Override
	protected Long storeEvictions() {
		return sumOfStatistic("evictions");
	}

	private long sumOfStatistic(String name) {
		if (this.guarded != null) {
			long sum = 0;
			for (Map<String, MemcachedStats> stats : answersOfEachServer(
					this.guarded.toEachServer(this.guarded.stats()), "read statistics", false)) {
				sum += MemcachedStatistics.sum(stats, name);
			}
			return sum;
		}
		return MemcachedStatistics.sum(await(this.client.getStats(""), "read statistics"), name);
	}

	/**
	 * Waits, until the call's deadline, for the answer of each server a request was sent
	 * to through its guard.
	 * @param everyServer whether a server that did not answer (skipped, failed, too slow)
	 * fails the call; else only no answer at all does
	 * @return the answers received, in the order of the servers
	 */
	private <T> List<T> answersOfEachServer(List<CompletableFuture<T>> sent, String operation, boolean everyServer) {
		Duration timeout = this.options.timeouts().current(0);
		try {
			CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
				.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			// One server failed, was skipped or is slow: the others' answers are below.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw unavailable(operation, ex);
		}
		List<T> answers = new ArrayList<>(sent.size());
		RuntimeException failure = null;
		for (CompletableFuture<T> answer : sent) {
			if (!answer.isDone()) {
				failure = timedOut(operation, timeout);
				continue;
			}
			try {
				answers.add(answer.join());
			}
			catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException ex) {
				failure = failure(operation, (ex.getCause() != null) ? ex.getCause() : ex);
			}
		}
		if (failure != null && (everyServer || answers.isEmpty())) {
			throw failure;
		}
		return answers;
	}

	@Override
	protected void closeStore() {
		this.connection.close();
	}

	/**
	 * Django's {@code BaseMemcachedCache.get_backend_timeout}, with this backend's
	 * rounding: see {@link MemcachedExpiry}.
	 */
	@Override
	public Duration getBackendTimeout(Duration timeout) {
		return MemcachedExpiry.backendTimeout(super.getBackendTimeout(timeout), settings().clock());
	}

	private int ttl(Duration timeout) {
		return MemcachedExpiry.ttl(timeout, settings().clock());
	}

	private <T> T await(CompletionStage<T> stage, String operation) {
		return await(stage, operation, 0);
	}

	/** Waits for a call's answer until the deadline its path and payload get. */
	private <T> T await(CompletionStage<T> stage, String operation, long payloadBytes) {
		Duration timeout = this.options.timeouts().current(payloadBytes);
		try {
			return stage.toCompletableFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			throw failure(operation, ex.getCause());
		}
		catch (TimeoutException ex) {
			throw timedOut(operation, timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw unavailable(operation, ex);
		}
	}

	private void awaitAll(Collection<? extends CompletableFuture<?>> futures, String operation, long payloadBytes) {
		await(CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)), operation, payloadBytes);
	}

	private RuntimeException failure(String operation, Throwable cause) {
		if (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
			cause = cause.getCause();
		}
		if (cause instanceof Increments.NotACounterException) {
			return new NotACounter(cause);
		}
		return unavailable(operation, cause);
	}

	private RuntimeException timedOut(String operation, Duration timeout) {
		String option = BackgroundWork.isActive() ? "background-timeout" : "operation-timeout";
		return unavailable(operation,
				new TimeoutException("no answer within " + timeout.toMillis() + " ms (options." + option + ")"));
	}

	/** With a breaker per server, that breaker counted the failure, not the alias's. */
	private CacheUnavailableException unavailable(String operation, Throwable cause) {
		return (this.guarded != null) ? serverUnavailable(this.servers, operation, cause)
				: unavailable(this.servers, operation, cause);
	}

	@Override
	public List<dev.cachette.cache.resilience.CircuitBreaker> serverCircuitBreakers() {
		return (this.guarded != null) ? this.guarded.circuits() : List.of();
	}

	/** Carries a non-counter failure from {@link #await} to {@link #incrValue}. */
	private static final class NotACounter extends RuntimeException {

		private static final long serialVersionUID = 1L;

		NotACounter(Throwable cause) {
			super(cause.getMessage(), cause);
		}

	}

}
