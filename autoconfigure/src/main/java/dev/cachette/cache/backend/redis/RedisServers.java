package dev.cachette.cache.backend.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisNode;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisSocketConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.cachette.cache.CacheUnavailableException;
import dev.cachette.cache.InvalidCacheBackendException;
import dev.cachette.cache.resilience.CallTimeouts;
import dev.cachette.cache.resilience.CircuitBreaker;
import dev.cachette.cache.settings.CacheSettings;

/**
 * The Redis servers of one alias and which one serves a call. Follows Django's
 * {@code RedisCacheClient._get_connection_pool_index}: writes go to the first location;
 * reads go to a random one of the others when there are several (the replicas), otherwise
 * to the first.
 *
 * <p>
 * The topology comes from the settings:
 * <ul>
 * <li>one or more {@code location}s: a leader and its replicas, each a
 * {@link RedisLocation};</li>
 * <li>{@code options.cluster: true}: the locations are seed nodes of one Redis
 * Cluster;</li>
 * <li>{@code options.sentinel-master: name}: the locations are Sentinels watching that
 * master;</li>
 * <li>no location: the application's own {@link RedisConnectionFactory} (Spring Boot's
 * {@code spring.data.redis.*}), which this class uses but never closes.</li>
 * </ul>
 *
 * <p>
 * Each replica has a {@link CircuitBreaker} of its own, with the alias's settings: a read
 * skips a replica whose circuit is open (it goes to another replica, or the leader), and
 * a read the replica fails is answered by the leader. So a dead replica costs at most a
 * few reads one call's time each, and never opens the alias's breaker, which counts the
 * leader's failures only. The probe of an open replica is a {@code PING} to it, off the
 * request path.
 */
final class RedisServers implements AutoCloseable {

	private final List<Server> servers;

	private final @Nullable LettuceClients clients;

	private final List<LettuceConnectionFactory> owned;

	/** The servers after the first, each with its breaker. */
	private final List<Replica> replicas;

	private RedisServers(List<Server> servers, @Nullable LettuceClients clients, List<LettuceConnectionFactory> owned,
			List<Replica> replicas) {
		this.servers = List.copyOf(servers);
		this.clients = clients;
		this.owned = List.copyOf(owned);
		this.replicas = List.copyOf(replicas);
	}

	/**
	 * Connects the servers an alias names (lazily: nothing is contacted yet).
	 * @param settings the alias settings
	 * @param applicationFactory the application's factory, used when no location is set
	 * @return the servers
	 * @throws InvalidCacheBackendException naming the alias when the settings are invalid
	 */
	static RedisServers connect(CacheSettings settings, @Nullable RedisConnectionFactory applicationFactory) {
		List<String> texts = locations(settings);
		boolean cluster = settings.booleanOption("cluster", false);
		String sentinelMaster = settings.stringOption("sentinel-master", "").trim();
		if (texts.isEmpty()) {
			if (applicationFactory == null) {
				throw new InvalidCacheBackendException("caches." + settings.alias()
						+ ".location is not set and there is no RedisConnectionFactory bean: set a location such as "
						+ "redis://127.0.0.1:6379/1, or configure spring.data.redis.*");
			}
			if (cluster || !sentinelMaster.isEmpty()) {
				throw new InvalidCacheBackendException("caches." + settings.alias()
						+ ".options.cluster and sentinel-master need locations; without a location the "
						+ "application's RedisConnectionFactory is used as it is configured");
			}
			Server server = new Server(applicationFactory, "the application's RedisConnectionFactory");
			return new RedisServers(List.of(server), null, List.of(), List.of());
		}
		int defaultDatabase = settings.intOption("db", 0);
		List<RedisLocation> locations = new ArrayList<>();
		for (String text : texts) {
			RedisLocation location = RedisLocation.parse(settings.alias(), text, defaultDatabase);
			locations.add(withCredentials(location, settings));
		}
		if (cluster && !sentinelMaster.isEmpty()) {
			throw settings.invalidOption("sentinel-master", sentinelMaster, "unset when options.cluster is true");
		}
		LettuceClients clients = new LettuceClients(settings);
		try {
			if (cluster) {
				return single(clients, cluster(settings, locations), locations, true,
						"Redis Cluster " + servers(locations));
			}
			if (!sentinelMaster.isEmpty()) {
				return single(clients, sentinel(settings, sentinelMaster, locations), locations, false,
						"Redis master '" + sentinelMaster + "' via Sentinel " + servers(locations));
			}
			List<Server> servers = new ArrayList<>();
			List<LettuceConnectionFactory> owned = new ArrayList<>();
			List<Replica> replicas = new ArrayList<>();
			for (RedisLocation location : locations) {
				LettuceConnectionFactory factory = clients.factory(standalone(location), location.isSsl(), false);
				owned.add(factory);
				Server server = new Server(factory, location.server());
				if (!servers.isEmpty()) {
					replicas.add(new Replica(server,
							CircuitBreaker.forServer(settings, server.name(), () -> ping(clients, server))));
				}
				servers.add(server);
			}
			return new RedisServers(servers, clients, owned, replicas);
		}
		catch (RuntimeException ex) {
			clients.close();
			throw ex;
		}
	}

	private static RedisServers single(LettuceClients clients, RedisConfiguration configuration,
			List<RedisLocation> locations, boolean cluster, String name) {
		boolean ssl = locations.stream().anyMatch(RedisLocation::isSsl);
		LettuceConnectionFactory factory = clients.factory(configuration, ssl, cluster);
		return new RedisServers(List.of(new Server(factory, name)), clients, List.of(factory), List.of());
	}

	/** The locations, a string split on {@code ;} or {@code ,} as Django splits it. */
	private static List<String> locations(CacheSettings settings) {
		List<String> result = new ArrayList<>();
		for (String location : settings.locations()) {
			for (String part : location.split("[;,]")) {
				if (!part.isBlank()) {
					result.add(part.trim());
				}
			}
		}
		return result;
	}

	/** Options {@code username}/{@code password} apply where the URL names none. */
	private static RedisLocation withCredentials(RedisLocation location, CacheSettings settings) {
		if (location.password() != null) {
			return location;
		}
		Object password = settings.option("password");
		Object username = settings.option("username");
		if (password == null) {
			return location;
		}
		return new RedisLocation(location.scheme(), location.host(), location.port(), location.database(),
				(username != null) ? username.toString() : location.username(), password.toString());
	}

	private static RedisConfiguration standalone(RedisLocation location) {
		if (location.isSocket()) {
			RedisSocketConfiguration configuration = new RedisSocketConfiguration(location.host());
			configuration.setDatabase(location.database());
			configuration.setUsername(location.username());
			configuration.setPassword(RedisPassword.of(location.password()));
			return configuration;
		}
		RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration(location.host(), location.port());
		configuration.setDatabase(location.database());
		configuration.setUsername(location.username());
		configuration.setPassword(RedisPassword.of(location.password()));
		return configuration;
	}

	private static RedisConfiguration cluster(CacheSettings settings, List<RedisLocation> locations) {
		RedisClusterConfiguration configuration = new RedisClusterConfiguration();
		for (RedisLocation location : nodes(settings, locations, "cluster")) {
			if (location.database() != 0) {
				throw new InvalidCacheBackendException("caches." + settings.alias() + ".location '" + location
						+ "' names database " + location.database() + ", but a Redis Cluster has only database 0");
			}
			configuration.addClusterNode(new RedisNode(location.host(), location.port()));
		}
		RedisLocation first = locations.get(0);
		configuration.setUsername(first.username());
		configuration.setPassword(RedisPassword.of(first.password()));
		return configuration;
	}

	/**
	 * Sentinel mode: the URLs are Sentinels (their credentials are the Sentinels'); the
	 * master's database and credentials come from the options {@code db},
	 * {@code username} and {@code password}.
	 */
	private static RedisConfiguration sentinel(CacheSettings settings, String master, List<RedisLocation> locations) {
		RedisSentinelConfiguration configuration = new RedisSentinelConfiguration().master(master);
		for (RedisLocation location : nodes(settings, locations, "sentinel-master")) {
			configuration.sentinel(location.host(), location.port());
		}
		RedisLocation first = locations.get(0);
		configuration.setSentinelUsername(first.username());
		configuration.setSentinelPassword(RedisPassword.of(first.password()));
		configuration.setDatabase(settings.intOption("db", first.database()));
		Object username = settings.option("username");
		Object password = settings.option("password");
		configuration.setUsername((username != null) ? username.toString() : null);
		configuration.setPassword(RedisPassword.of((password != null) ? password.toString() : null));
		return configuration;
	}

	private static List<RedisLocation> nodes(CacheSettings settings, List<RedisLocation> locations, String option) {
		for (RedisLocation location : locations) {
			if (location.isSocket()) {
				throw new InvalidCacheBackendException("caches." + settings.alias() + ".location '" + location
						+ "' is a unix socket, but options." + option + " needs host:port locations");
			}
		}
		return locations;
	}

	private static String servers(List<RedisLocation> locations) {
		return locations.stream().map(RedisLocation::server).toList().toString();
	}

	/**
	 * The server a write goes to: the first.
	 * @return the leader
	 */
	Server forWrite() {
		return this.servers.get(0);
	}

	/**
	 * Runs a read on a random replica whose circuit is closed, or on the leader when
	 * there is none; a read the replica cannot serve goes to the leader.
	 * @param <T> the result type
	 * @param call the read, on the server given; it throws
	 * {@link CacheUnavailableException} for a server that cannot be reached
	 * @return what the read returns
	 */
	<T> T read(Function<Server, T> call) {
		Replica replica = replicaForRead();
		if (replica == null) {
			return call.apply(forWrite());
		}
		boolean unavailable = false;
		try {
			return call.apply(replica.server());
		}
		catch (CacheUnavailableException ex) {
			unavailable = true;
			replica.circuit().failure(ex);
		}
		finally {
			if (!unavailable) {
				replica.circuit().success();
			}
		}
		return call.apply(forWrite());
	}

	private @Nullable Replica replicaForRead() {
		int count = this.replicas.size();
		if (count == 0) {
			return null;
		}
		int first = ThreadLocalRandom.current().nextInt(count);
		for (int i = 0; i < count; i++) {
			Replica replica = this.replicas.get((first + i) % count);
			if (replica.circuit().allowsCall()) {
				return replica;
			}
		}
		return null;
	}

	/**
	 * The replicas' breakers, for meters and health.
	 * @return one per replica, in the configured order
	 */
	List<CircuitBreaker> replicaCircuits() {
		return this.replicas.stream().map(Replica::circuit).toList();
	}

	/** A replica's probe: one {@code PING}, with the request path's deadline. */
	private static void ping(LettuceClients clients, Server server) {
		try (RedisConnection connection = server.factory().getConnection()) {
			clients.withTimeout(clients.timeouts().current(), connection::ping);
		}
		catch (RuntimeException ex) {
			if (RedisCache.isUnavailable(ex)) {
				throw new CacheUnavailableException("Redis replica " + server.name() + " did not answer PING", ex);
			}
			throw ex;
		}
	}

	/**
	 * Runs one call with the deadline its path gets ({@link CallTimeouts}). With the
	 * application's factory, whose timeouts are its own, the call runs as it is.
	 * @param <T> the result type
	 * @param payloadBytes how many bytes the call sends
	 * @param call the call
	 * @return what the call returns
	 */
	<T> T withDeadline(long payloadBytes, Supplier<T> call) {
		LettuceClients clients = this.clients;
		return (clients != null) ? clients.withTimeout(clients.timeouts().current(payloadBytes), call) : call.get();
	}

	/**
	 * All servers, the leader first.
	 * @return the servers
	 */
	List<Server> all() {
		return this.servers;
	}

	@Override
	public void close() {
		for (LettuceConnectionFactory factory : this.owned) {
			factory.destroy();
		}
		if (this.clients != null) {
			this.clients.close();
		}
	}

	@Override
	public String toString() {
		return this.servers.stream().map(Server::name).toList().toString();
	}

	/**
	 * A replica and its breaker.
	 *
	 * @param server the replica
	 * @param circuit its breaker
	 */
	private record Replica(Server server, CircuitBreaker circuit) {
	}

	/**
	 * One server (or one cluster or Sentinel-managed group) and its name for messages.
	 *
	 * @param factory creates connections to it
	 * @param name {@code host:port} or a description; never a password
	 */
	record Server(RedisConnectionFactory factory, String name) {

		@Override
		public String toString() {
			return this.name;
		}

	}

}
