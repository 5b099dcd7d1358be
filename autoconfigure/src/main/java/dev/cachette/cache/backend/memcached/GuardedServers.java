package dev.cachette.cache.backend.memcached;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import com.spotify.folsom.ConnectionChangeListener;
import com.spotify.folsom.MemcacheClosedException;
import com.spotify.folsom.MemcacheOverloadedException;
import com.spotify.folsom.MemcacheStatus;
import com.spotify.folsom.MemcachedStats;
import com.spotify.folsom.RawMemcacheClient;
import com.spotify.folsom.client.MultiRequest;
import com.spotify.folsom.client.OpCode;
import com.spotify.folsom.client.Request;
import com.spotify.folsom.client.SetRequest;
import com.spotify.folsom.ketama.AddressAndClient;
import com.spotify.folsom.ketama.Continuum;
import com.spotify.folsom.ketama.NodeLocator;
import org.jspecify.annotations.Nullable;

import dev.cachette.cache.CacheUnavailableException;
import dev.cachette.cache.resilience.CallTimeouts;
import dev.cachette.cache.resilience.CircuitBreaker;
import dev.cachette.cache.settings.CacheSettings;

/**
 * A circuit breaker per server of a several-server alias, plugged into folsom as its
 * {@link NodeLocator}: keys are placed by folsom's own ketama {@link Continuum} (the
 * placement, and folsom's failover of a disconnected server's keys to the next server on
 * the ring, stay folsom's), and each request then goes through its server's guard.
 *
 * <ul>
 * <li>While a server's circuit is open, its requests fail at once
 * ({@link SkippedException}), so a frozen server's keys read as misses and its writes
 * report false, while the other servers keep serving.</li>
 * <li>A request the server has not answered within its call's deadline
 * ({@link CallTimeouts#current(long)}, with the request's value as the payload), or
 * failed for a closed or overloaded connection, counts as a failure of that server; any
 * answer counts as a success.</li>
 * <li>A server whose connection folsom has lost (killed, or its connection replaced) has
 * its circuit opened at once ({@link CircuitBreaker#trip}), and one that is not connected
 * once startup has waited {@code connect-timeout}; when folsom reconnects it, its next
 * call probes it at once ({@link CircuitBreaker#probeSoon}).</li>
 * <li>The probe of an open server is a {@code get} sent to that server alone, off the
 * request path.</li>
 * <li>A multi-get is split by folsom into one request per server: on an alias that fails
 * open, the part of a server that is skipped or unreachable answers misses for its keys,
 * so {@code getMany} reads the other servers' keys.</li>
 * <li>{@code flush_all} and {@code stats} go to each server through its guard
 * ({@link #toEachServer}): an open server is skipped, and the others answer.</li>
 * </ul>
 * A killed server's keys go to the next server on the ring, which folsom does for a
 * disconnected server. A frozen one keeps its connection, which folsom replaces only
 * after twice the background timeout: its calls time out until its breaker opens. The
 * alias's own breaker follows the servers' ({@link CircuitBreaker}): it is open while
 * every server's is.
 */
final class GuardedServers {

	private static final byte[] PING_KEY = "cachette:ping".getBytes(StandardCharsets.UTF_8);

	private final CacheSettings settings;

	private final CallTimeouts timeouts;

	private final boolean binary;

	/** Whether a skipped or unreachable server's part of a multi-get reads as misses. */
	private final boolean failOpen;

	private final List<Guard> guards = new ArrayList<>();

	private GuardedServers(CacheSettings settings, MemcachedOptions options, boolean failOpen) {
		this.settings = settings;
		this.timeouts = options.timeouts();
		this.binary = options.binary();
		this.failOpen = failOpen;
	}

	/**
	 * Guards the servers of an alias that has several, all on TCP; an alias on one server
	 * (or on Unix sockets, whose folsom addresses are placeholders) keeps the alias's
	 * breaker alone.
	 * @param settings the alias settings
	 * @param servers its servers
	 * @param options its options
	 * @param failOpen whether the alias fails open (it is not {@code strict})
	 * @return the guards, or {@code null}
	 */
	static @Nullable GuardedServers of(CacheSettings settings, List<MemcachedServers.Server> servers,
			MemcachedOptions options, boolean failOpen) {
		boolean tcp = servers.stream().noneMatch(MemcachedServers.Server::isUnixSocket);
		return (servers.size() > 1 && tcp) ? new GuardedServers(settings, options, failOpen) : null;
	}

	/**
	 * The node locator folsom asks for the server of each key (its builder's
	 * {@code withNodeLocator}), built once over the alias's servers.
	 * @param nodes the servers and their clients
	 * @return the locator
	 */
	NodeLocator locator(Collection<AddressAndClient> nodes) {
		Continuum ring = new Continuum(nodes);
		Map<RawMemcacheClient, Guard> guards = new IdentityHashMap<>();
		for (AddressAndClient node : nodes) {
			Guard guard = new Guard(node.getAddressString(), node.getClient());
			guards.put(node.getClient(), guard);
			this.guards.add(guard);
		}
		return (key) -> {
			RawMemcacheClient client = ring.findClient(key);
			Guard guard = guards.get(client);
			return (guard != null) ? guard : client;
		};
	}

	/**
	 * The servers' breakers, for meters and health.
	 * @return one per server
	 */
	List<CircuitBreaker> circuits() {
		return this.guards.stream().map((guard) -> guard.circuit).toList();
	}

	/**
	 * Once startup has waited for the connections: opens the circuit of each server
	 * folsom could not connect to (its probe closes it once the server answers), and from
	 * now on follows folsom's connection changes.
	 */
	void watchConnections() {
		for (Guard guard : this.guards) {
			guard.client.registerForConnectionChanges((observed) -> guard.connectionChanged());
			guard.tripIfDisconnected();
		}
	}

	/**
	 * Sends a request to each server through its guard: a server whose circuit is open
	 * answers {@link SkippedException} at once, and the others' answers are theirs.
	 * @param <T> the answer's type
	 * @param request makes the request, once per server
	 * @return each server's answer, in the order of the servers
	 */
	<T> List<CompletableFuture<T>> toEachServer(Supplier<Request<T>> request) {
		List<CompletableFuture<T>> sent = new ArrayList<>(this.guards.size());
		for (Guard guard : this.guards) {
			sent.add(guard.send(request.get()).toCompletableFuture());
		}
		return sent;
	}

	/** {@code flush_all} for {@link #toEachServer}, in the alias's protocol. */
	Supplier<Request<MemcacheStatus>> flushAll() {
		return this.binary ? () -> new com.spotify.folsom.client.binary.FlushRequest(0)
				: () -> new com.spotify.folsom.client.ascii.FlushRequest(0);
	}

	/** {@code stats} for {@link #toEachServer}, in the alias's protocol. */
	Supplier<Request<Map<String, MemcachedStats>>> stats() {
		return this.binary ? () -> new com.spotify.folsom.client.binary.StatsRequest("")
				: () -> new com.spotify.folsom.client.ascii.StatsRequest("");
	}

	private static Throwable unwrap(Throwable failure) {
		return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
	}

	private static boolean isUnavailable(Throwable failure) {
		Throwable cause = unwrap(failure);
		return cause instanceof TimeoutException || cause instanceof MemcacheClosedException
				|| cause instanceof MemcacheOverloadedException || cause instanceof IOException;
	}

	/** A request skipped because its server's circuit is open. */
	static final class SkippedException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		SkippedException(String server) {
			super("the circuit of memcached " + server + " is open; the call skipped it");
		}

	}

	/** One server's client, behind its breaker. */
	private final class Guard implements RawMemcacheClient {

		private final String server;

		private final RawMemcacheClient client;

		private final CircuitBreaker circuit;

		Guard(String server, RawMemcacheClient client) {
			this.server = server;
			this.client = client;
			this.circuit = CircuitBreaker.forServer(GuardedServers.this.settings, server, this::probe);
		}

		/**
		 * Folsom lost the connection (the server was killed, or the connection declared
		 * dead) or made one: the calls to come would fail at once, or may succeed.
		 */
		private void connectionChanged() {
			if (!tripIfDisconnected()) {
				this.circuit.probeSoon();
			}
		}

		private boolean tripIfDisconnected() {
			if (this.client.isConnected()) {
				return false;
			}
			Throwable cause = this.client.getConnectionFailure();
			this.circuit.trip(unavailable((cause != null) ? cause : new IOException("not connected")));
			return true;
		}

		@Override
		public <T> CompletionStage<T> send(Request<T> request) {
			if (!this.circuit.allowsCall()) {
				return answer(request, CompletableFuture.failedFuture(new SkippedException(this.server)));
			}
			long payload = (request instanceof SetRequest set) ? set.getValue().length : 0;
			Duration deadline = GuardedServers.this.timeouts.current(payload);
			CompletionStage<T> sent = this.client.send(request);
			sent.toCompletableFuture()
				.copy()
				.orTimeout(deadline.toNanos(), TimeUnit.NANOSECONDS)
				.whenComplete((value, failure) -> report(failure));
			return answer(request, sent);
		}

		/**
		 * A multi-get's part on a server that is skipped or unreachable reads as misses
		 * when the alias fails open, so that the other servers' keys are read; anything
		 * else is answered as sent.
		 */
		@SuppressWarnings("unchecked")
		private <T> CompletionStage<T> answer(Request<T> request, CompletionStage<T> sent) {
			if (!GuardedServers.this.failOpen || !(request instanceof MultiRequest<?> multi)) {
				return sent;
			}
			CompletableFuture<T> answered = new CompletableFuture<>();
			sent.whenComplete((value, failure) -> {
				if (failure == null) {
					answered.complete(value);
				}
				else if (unwrap(failure) instanceof SkippedException || isUnavailable(failure)) {
					answered.complete((T) Collections.nCopies(multi.getKeys().size(), null));
				}
				else {
					answered.completeExceptionally(failure);
				}
			});
			return answered;
		}

		private void report(@Nullable Throwable failure) {
			if (failure != null && isUnavailable(failure)) {
				this.circuit.failure(unavailable(failure));
			}
			else {
				this.circuit.success();
			}
		}

		private CacheUnavailableException unavailable(Throwable failure) {
			Throwable cause = unwrap(failure);
			String message = (cause instanceof TimeoutException) ? "no answer within the call's deadline"
					: String.valueOf(cause.getMessage());
			return new CacheUnavailableException(
					"Cache '" + GuardedServers.this.settings.alias() + "': memcached " + this.server + ": " + message,
					cause);
		}

		/** One {@code get} to this server alone, with the request path's deadline. */
		private void probe() {
			Request<?> get = GuardedServers.this.binary
					? new com.spotify.folsom.client.binary.GetRequest(PING_KEY, OpCode.GET, 0)
					: new com.spotify.folsom.client.ascii.GetRequest(PING_KEY, false);
			Duration deadline = GuardedServers.this.timeouts.current();
			try {
				this.client.send(get).toCompletableFuture().get(deadline.toNanos(), TimeUnit.NANOSECONDS);
			}
			catch (ExecutionException | TimeoutException ex) {
				Throwable failure = (ex instanceof ExecutionException) ? ex.getCause() : ex;
				// Any answer, an error included, shows the server is up.
				if (isUnavailable(failure)) {
					throw unavailable(failure);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw unavailable(ex);
			}
		}

		@Override
		public void shutdown() {
			this.client.shutdown();
		}

		@Override
		public int numTotalConnections() {
			return this.client.numTotalConnections();
		}

		@Override
		public int numActiveConnections() {
			return this.client.numActiveConnections();
		}

		@Override
		public int numPendingRequests() {
			return this.client.numPendingRequests();
		}

		@Override
		public void registerForConnectionChanges(ConnectionChangeListener listener) {
			this.client.registerForConnectionChanges(listener);
		}

		@Override
		public void unregisterForConnectionChanges(ConnectionChangeListener listener) {
			this.client.unregisterForConnectionChanges(listener);
		}

		@Override
		public boolean isConnected() {
			return this.client.isConnected();
		}

		@Override
		public @Nullable Throwable getConnectionFailure() {
			return this.client.getConnectionFailure();
		}

		@Override
		public String toString() {
			return "Guard[" + this.server + ", " + this.circuit.state() + "]";
		}

	}

}
