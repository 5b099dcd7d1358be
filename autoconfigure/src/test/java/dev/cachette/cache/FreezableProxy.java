package dev.cachette.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of a server the test must not touch (the shared PostgreSQL or
 * MariaDB): {@link #freeze()} stops forwarding bytes without closing any socket, as a
 * server stopped by {@code SIGSTOP} looks from the client, and {@link #kill()} closes
 * every connection and refuses new ones, as a dead server does, until {@link #revive()}.
 */
public final class FreezableProxy implements AutoCloseable {

	private final String targetHost;

	private final int targetPort;

	private final ServerSocket listener;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final Object lock = new Object();

	private boolean frozen;

	private volatile boolean killed;

	/**
	 * Starts forwarding a free local port to a server.
	 * @param targetHost the server's host
	 * @param targetPort the server's port
	 * @throws IOException if no port can be bound
	 */
	public FreezableProxy(String targetHost, int targetPort) throws IOException {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.listener = new ServerSocket();
		this.listener.bind(new InetSocketAddress("127.0.0.1", 0));
		daemon(this::accept, "proxy-accept");
	}

	/**
	 * The local port clients connect to.
	 * @return the port
	 */
	public int port() {
		return this.listener.getLocalPort();
	}

	/** Stops forwarding; every socket stays open. */
	public void freeze() {
		synchronized (this.lock) {
			this.frozen = true;
		}
	}

	/** Forwards again what was held back. */
	public void thaw() {
		synchronized (this.lock) {
			this.frozen = false;
			this.lock.notifyAll();
		}
	}

	/** Closes every connection, and the new ones at once. */
	public void kill() {
		this.killed = true;
		thaw();
		this.sockets.forEach(FreezableProxy::closeQuietly);
	}

	/** Accepts and forwards connections again after {@link #kill()}. */
	public void revive() {
		this.killed = false;
	}

	private void accept() {
		while (!this.listener.isClosed()) {
			try {
				Socket client = this.listener.accept();
				if (this.killed) {
					client.close();
					continue;
				}
				Socket server = new Socket(this.targetHost, this.targetPort);
				this.sockets.add(client);
				this.sockets.add(server);
				daemon(() -> pump(client, server), "proxy-up");
				daemon(() -> pump(server, client), "proxy-down");
			}
			catch (IOException ex) {
				// closed, or the target refused: the client sees its socket closed
			}
		}
	}

	private void pump(Socket from, Socket to) {
		byte[] buffer = new byte[16384];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int read;
			while ((read = in.read(buffer)) != -1) {
				awaitThawed();
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException | InterruptedException ex) {
			// a side closed
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
		}
	}

	private void awaitThawed() throws InterruptedException {
		synchronized (this.lock) {
			while (this.frozen) {
				this.lock.wait();
			}
		}
	}

	private static void daemon(Runnable task, String name) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	@Override
	public void close() throws IOException {
		kill();
		this.listener.close();
	}

}
