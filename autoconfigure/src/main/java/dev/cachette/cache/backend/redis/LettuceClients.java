package dev.cachette.cache.backend.redis;

import java.io.File;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.cachette.cache.resilience.CallTimeouts;
import dev.cachette.cache.settings.CacheSettings;

/**
 * Builds the Lettuce connection factories of one alias from its options, so that every
 * call has a deadline and a cache never hangs a request.
 *
 * <p>
 * The choices, for a cache rather than a database:
 * <ul>
 * <li>TLS ({@code rediss://}) trusts the JVM's CAs, or those of the PEM file
 * {@code ssl-ca-certs} (redis-py's option of that name), and verifies the host name.</li>
 * <li>The deadlines of {@link CallTimeouts}: {@code connect-timeout} is Lettuce's socket
 * connect timeout; each command gets {@code operation-timeout} (50 ms) on the request
 * path and {@code background-timeout} (2 s) in
 * {@link dev.cachette.cache.resilience.BackgroundWork}, through a Lettuce
 * {@code TimeoutSource} that reads the deadline {@link RedisCache} set for the command on
 * the calling thread ({@link #withTimeout}); commands sent without one (handshakes,
 * topology refreshes) get the background timeout.</li>
 * <li>While a connection is down, commands are rejected at once
 * ({@code DisconnectedBehavior.REJECT_COMMANDS}) instead of queueing until the command
 * timeout: the cache reports the server unavailable immediately, and the request goes on
 * uncached (fail-open, unless the alias is {@code strict}). Lettuce keeps reconnecting in
 * the background.</li>
 * <li>No connection pool. A Lettuce connection is thread-safe and multiplexes concurrent
 * commands over one socket, and every operation of this backend is a single command
 * (multi-key writes are one Lua script, never a {@code MULTI} or a pipeline, which would
 * need a dedicated connection), so all threads share one connection per server; a pool
 * would only add hand-offs.</li>
 * <li>One set of Lettuce event-loop threads per alias ({@link ClientResources}), shared
 * by its leader and replicas, and shut down on close. Reconnection backs off to at most 2
 * seconds between attempts.</li>
 * <li>Command deadlines expire on a timer that ticks every {@link #TIMER_TICK}. Lettuce's
 * own timer ticks every 100 ms, so a 50 ms deadline used to fire after 100 to 200 ms: on
 * a frozen server, each call waited two to four times its {@code operation-timeout}.</li>
 * </ul>
 */
final class LettuceClients implements AutoCloseable {

	/**
	 * Reconnect attempts back off from 10 ms to at most 2 s (Lettuce's default goes up to
	 * 30 s), so a cache comes back within seconds of its server.
	 */
	static final Duration TIMER_TICK = Duration.ofMillis(5);

	/** Lettuce does not stop a timer it was given: {@link #close} does. */
	private final HashedWheelTimer timer = new HashedWheelTimer(
			new DefaultThreadFactory("cachette-lettuce-timer", true), TIMER_TICK.toNanos(), TimeUnit.NANOSECONDS);

	private final ClientResources resources = DefaultClientResources.builder()
		.reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
		.timer(this.timer)
		.build();

	private final CallTimeouts timeouts;

	/** The deadline of the command the current thread is sending, in nanoseconds. */
	private final ThreadLocal<Long> commandTimeout = new ThreadLocal<>();

	private final @Nullable ReadFrom readFrom;

	private final String clientName;

	private final @Nullable File caCertificates;

	LettuceClients(CacheSettings settings) {
		this.timeouts = CallTimeouts.of(settings);
		this.readFrom = readFrom(settings);
		this.clientName = settings.stringOption("client-name", "cachette-" + settings.alias())
			.replaceAll("[^A-Za-z0-9._:-]", "_");
		this.caCertificates = caCertificates(settings);
	}

	/** redis-py's {@code ssl_ca_certs}: a PEM file of the CAs to trust for TLS. */
	private static @Nullable File caCertificates(CacheSettings settings) {
		Object value = settings.option("ssl-ca-certs");
		if (value == null) {
			return null;
		}
		File file = new File(value.toString().trim());
		if (!file.isFile() || !file.canRead()) {
			throw settings.invalidOption("ssl-ca-certs", value, "a readable PEM file of CA certificates");
		}
		return file;
	}

	private static @Nullable ReadFrom readFrom(CacheSettings settings) {
		Object value = settings.option("read-from");
		if (value == null) {
			return null;
		}
		try {
			return ReadFrom.valueOf(value.toString().trim());
		}
		catch (IllegalArgumentException ex) {
			throw settings.invalidOption("read-from", value,
					"a Lettuce ReadFrom name: upstream, upstreamPreferred, replica, replicaPreferred, "
							+ "lowestLatency, any or anyReplica");
		}
	}

	CallTimeouts timeouts() {
		return this.timeouts;
	}

	/**
	 * Sends the commands of one call with a deadline: Lettuce's timeout source reads it
	 * on this thread when the command is written, before it leaves for the event loop.
	 * @param <T> the result type
	 * @param timeout the deadline of each command
	 * @param call the call
	 * @return what the call returns
	 */
	<T> T withTimeout(Duration timeout, Supplier<T> call) {
		this.commandTimeout.set(timeout.toNanos());
		try {
			return call.get();
		}
		finally {
			this.commandTimeout.remove();
		}
	}

	private long commandTimeoutNanos() {
		Long nanos = this.commandTimeout.get();
		return (nanos != null) ? nanos : this.timeouts.background().toNanos();
	}

	/**
	 * Creates and starts a factory. It connects lazily, on the first command, so an alias
	 * whose server is down does not stop the application from starting.
	 * @param configuration the server(s)
	 * @param ssl whether to use TLS
	 * @param cluster whether the configuration is a Redis Cluster
	 * @return the started factory
	 */
	LettuceConnectionFactory factory(RedisConfiguration configuration, boolean ssl, boolean cluster) {
		LettuceClientConfiguration.LettuceClientConfigurationBuilder builder = LettuceClientConfiguration.builder()
			.clientResources(this.resources)
			.clientOptions(clientOptions(cluster))
			// Spring Data's own wait: the outer bound; Lettuce's timeout source ends a
			// command sooner.
			.commandTimeout(this.timeouts.longest())
			.shutdownTimeout(Duration.ofMillis(100))
			.clientName(this.clientName);
		if (this.readFrom != null) {
			builder.readFrom(this.readFrom);
		}
		if (ssl) {
			builder.useSsl();
		}
		LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration, builder.build());
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	private ClientOptions clientOptions(boolean cluster) {
		ClientOptions.Builder builder;
		if (cluster) {
			// Follow slot moves and failovers without waiting for a MOVED reply storm.
			builder = ClusterClientOptions.builder()
				.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
					.enableAllAdaptiveRefreshTriggers()
					.enablePeriodicRefresh(Duration.ofMinutes(1))
					.build());
		}
		else {
			builder = ClientOptions.builder();
		}
		return builder
			.socketOptions(SocketOptions.builder().connectTimeout(this.timeouts.connect()).keepAlive(true).build())
			.timeoutOptions(TimeoutOptions.builder().timeoutSource(new TimeoutOptions.TimeoutSource() {
				@Override
				public long getTimeout(RedisCommand<?, ?, ?> command) {
					return commandTimeoutNanos();
				}

				@Override
				public TimeUnit getTimeUnit() {
					return TimeUnit.NANOSECONDS;
				}
			}).build())
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.sslOptions((this.caCertificates != null) ? SslOptions.builder().trustManager(this.caCertificates).build()
					: SslOptions.create())
			.build();
	}

	/** Shuts the event loops and the timer down without waiting for them. */
	@Override
	public void close() {
		this.resources.shutdown(0, 1, TimeUnit.SECONDS);
		this.timer.stop();
	}

}
