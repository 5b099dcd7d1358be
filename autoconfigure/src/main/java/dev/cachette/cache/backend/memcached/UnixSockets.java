package dev.cachette.cache.backend.memcached;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.spotify.folsom.MemcacheClientBuilder;
import com.spotify.folsom.client.TcpTuningHandler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import dev.cachette.cache.InvalidCacheBackendException;
import dev.cachette.cache.backend.memcached.MemcachedServers.Server;
import dev.cachette.cache.settings.CacheSettings;

/**
 * Connects folsom to memcached servers on Unix sockets ({@code unix:/path}, memcached's
 * {@code -s} option).
 *
 * <p>
 * Folsom only takes host and port addresses, but lets the caller choose Netty's event
 * loop group and channel class. So each socket gets a placeholder address
 * ({@code 127.0.0.1} and a port derived from the path, the same in every process so that
 * consistent hashing places keys alike everywhere), the channels are Netty's
 * {@link NioDomainSocketChannel} (JDK 16+ Unix sockets, no native library), and a handler
 * that the event loop group puts at the head of each channel's pipeline turns the
 * placeholder into the socket path when the channel connects. The same handler drops
 * folsom's TCP tuning handler (no Nagle, keep-alive), which a Unix socket has no use for
 * and whose options it does not have. An alias's servers are all sockets or all TCP.
 */
final class UnixSockets {

	private static final String PLACEHOLDER_HOST = "127.0.0.1";

	private UnixSockets() {
	}

	/**
	 * Points the builder at the alias's socket servers, if it has any.
	 * @param settings the alias settings, for error messages
	 * @param builder the builder
	 * @param servers the alias's servers
	 * @return what to close with the client: the event loop group, or nothing
	 */
	static AutoCloseable configure(CacheSettings settings, MemcacheClientBuilder<byte[]> builder,
			List<Server> servers) {
		List<Server> sockets = servers.stream().filter(Server::isUnixSocket).toList();
		if (sockets.isEmpty()) {
			return () -> {
			};
		}
		if (sockets.size() != servers.size()) {
			throw new InvalidCacheBackendException("caches." + settings.alias()
					+ ".location must be all Unix sockets or all host:port servers (was " + servers + ")");
		}
		Map<Integer, String> paths = new LinkedHashMap<>();
		for (Server socket : sockets) {
			int port = placeholderPort(socket.path(), paths);
			paths.put(port, socket.path());
			builder.withAddress(PLACEHOLDER_HOST, port);
		}
		Group group = new Group(paths);
		builder.withEventLoopGroup(group).withChannelClass(NioDomainSocketChannel.class);
		return group::shutdownGracefully;
	}

	/** A port from 1 to 65535 derived from the path, the next free one on a collision. */
	static int placeholderPort(String path, Map<Integer, String> taken) {
		int port = 1 + Math.floorMod(path.hashCode(), 65535);
		while (taken.containsKey(port)) {
			port = (port % 65535) + 1;
		}
		return port;
	}

	/** One event loop for the alias's sockets, marking each channel it registers. */
	private static final class Group extends MultiThreadIoEventLoopGroup {

		private final Map<Integer, String> paths;

		Group(Map<Integer, String> paths) {
			super(1, new DefaultThreadFactory("cachette-memcached-unix", true), NioIoHandler.newFactory());
			this.paths = Map.copyOf(paths);
		}

		@Override
		public ChannelFuture register(Channel channel) {
			channel.pipeline().addFirst(new ToSocketPath(this.paths));
			return super.register(channel);
		}

	}

	/** Replaces the placeholder address by the socket path when the channel connects. */
	private static final class ToSocketPath extends ChannelOutboundHandlerAdapter {

		private final Map<Integer, String> paths;

		ToSocketPath(Map<Integer, String> paths) {
			this.paths = paths;
		}

		@Override
		public void connect(ChannelHandlerContext ctx, SocketAddress remoteAddress, SocketAddress localAddress,
				ChannelPromise promise) {
			String path = (remoteAddress instanceof InetSocketAddress address) ? this.paths.get(address.getPort())
					: null;
			if (ctx.pipeline().get(TcpTuningHandler.class) != null) {
				ctx.pipeline().remove(TcpTuningHandler.class);
			}
			ctx.pipeline().remove(this);
			ctx.connect((path != null) ? UnixDomainSocketAddress.of(path) : remoteAddress, localAddress, promise);
		}

	}

}
