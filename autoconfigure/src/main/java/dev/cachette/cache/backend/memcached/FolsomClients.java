package dev.cachette.cache.backend.memcached;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.spotify.folsom.AsciiMemcacheClient;
import com.spotify.folsom.BinaryMemcacheClient;
import com.spotify.folsom.ExponentialBackoff;
import com.spotify.folsom.MemcacheClient;
import com.spotify.folsom.MemcacheClientBuilder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.cachette.cache.backend.memcached.MemcachedServers.Server;
import dev.cachette.cache.settings.CacheSettings;

/**
 * Builds the folsom client of an alias from its servers and options.
 *
 * <p>
 * Several servers form one logical cache: folsom's ketama client places each key on one
 * server by consistent hashing (a ring of 100 Murmur3 points per server), so adding or
 * removing a server moves only that server's share of the keys. While a server is
 * disconnected its keys go to the next server on the ring.
 *
 * <p>
 * Folsom never blocks a caller: a request to a disconnected server fails at once, and
 * reconnection runs in the background, with a backoff growing from 10 ms to
 * {@link #MAX_BACKOFF} (folsom's default of one minute would leave the cache off for up
 * to a minute after the server is back; 1 s brings it back within a second, at the cost
 * of one connection attempt a second per dead server). A connection whose oldest request
 * has waited twice the longest call timeout ({@code background-timeout}) is declared
 * dead, closed and reopened: a frozen server's connection is replaced, after every call
 * on it has given up at its own deadline. Startup waits up to {@code connect-timeout} for
 * the first connections, so the first calls find them ready, and goes on without them if
 * a server is down. Several TCP servers get a breaker each ({@link GuardedServers}).
 */
final class FolsomClients {

	static final Duration MAX_BACKOFF = Duration.ofSeconds(1);

	private static final Log logger = LogFactory.getLog(FolsomClients.class);

	private FolsomClients() {
	}

	/**
	 * Connects (in the background) to the servers of an alias.
	 * @param settings the alias settings, for error messages
	 * @param servers the servers
	 * @param options the options
	 * @param guarded the servers' breakers, or {@code null}
	 * @return the client and its counter commands
	 */
	static Connection connect(CacheSettings settings, List<Server> servers, MemcachedOptions options,
			@Nullable GuardedServers guarded) {
		MemcacheClientBuilder<byte[]> builder = MemcacheClientBuilder.newByteArrayClient()
			.withConnections(options.connections())
			.withConnectionTimeoutMillis(2 * options.timeouts().longest().toMillis())
			.withBackoff(new ExponentialBackoff(10, MAX_BACKOFF.toMillis(), 2.5))
			.withMaxSetLength(options.maxValueSize())
			// Replies complete on Netty's event loop: the waiting caller takes them from
			// there, and nothing heavy runs in the callbacks.
			.withReplyExecutor(null);
		if (guarded != null) {
			builder.withNodeLocator(guarded::locator);
		}
		AutoCloseable resources = UnixSockets.configure(settings, builder, servers);
		for (Server server : servers) {
			if (!server.isUnixSocket()) {
				builder.withAddress(server.host(), server.port());
			}
		}
		if (options.username() != null) {
			builder.withUsernamePassword(options.username(), options.password());
		}
		Connection connection;
		if (options.binary()) {
			BinaryMemcacheClient<byte[]> client = builder.connectBinary();
			connection = new Connection(client, Increments.binary(client), resources);
		}
		else {
			AsciiMemcacheClient<byte[]> client = builder.connectAscii();
			connection = new Connection(client, Increments.text(client), resources);
		}
		awaitConnected(settings, connection.client(), servers, options.timeouts().connect());
		return connection;
	}

	private static void awaitConnected(CacheSettings settings, MemcacheClient<byte[]> client, List<Server> servers,
			Duration timeout) {
		try {
			client.fullyConnectedFuture().toCompletableFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			Throwable cause = (ex instanceof ExecutionException) ? ex.getCause() : ex;
			logger.warn("Cache '" + settings.alias() + "': memcached " + servers + " not fully connected after "
					+ timeout.toMillis() + " ms (options.connect-timeout); calls to a server that is not "
					+ "connected fail until it is: " + cause);
		}
	}

	/**
	 * A connected client and its counter commands.
	 *
	 * @param client the client
	 * @param increments {@code incr} and {@code decr}
	 * @param resources what to release after the client (an event loop group for Unix
	 * sockets)
	 */
	record Connection(MemcacheClient<byte[]> client, Increments increments, AutoCloseable resources) {

		/** Shuts the client down, then releases its resources. */
		void close() {
			this.client.shutdown();
			try {
				this.resources.close();
			}
			catch (Exception ex) {
				logger.debug("Could not release a memcached client's resources", ex);
			}
		}

	}

}
