package dev.cachette.cache.backend.memcached;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A server on loopback that answers folsom's connection check ({@code get
 * folsom_authentication_validation}) and then never answers again.
 */
final class SilentServer implements AutoCloseable {

	private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

	private final List<Socket> accepted = new CopyOnWriteArrayList<>();

	SilentServer() throws IOException {
		Thread acceptor = new Thread(this::serve, "silent-memcached");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	int port() {
		return this.socket.getLocalPort();
	}

	private void serve() {
		try {
			while (true) {
				Socket client = this.socket.accept();
				this.accepted.add(client);
				BufferedReader in = new BufferedReader(
						new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
				if (in.readLine() != null) {
					client.getOutputStream().write("END\r\n".getBytes(StandardCharsets.US_ASCII));
					client.getOutputStream().flush();
				}
			}
		}
		catch (IOException ex) {
			// closed
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
		for (Socket client : this.accepted) {
			client.close();
		}
	}

}
