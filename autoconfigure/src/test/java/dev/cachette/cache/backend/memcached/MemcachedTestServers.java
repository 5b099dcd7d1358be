package dev.cachette.cache.backend.memcached;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import dev.cachette.cache.TestContainers;
import dev.cachette.cache.TestServers;

/**
 * The memcached servers the tests talk to: {@code CACHETTE_MEMCACHED} (default
 * {@code 127.0.0.1:11211}) and, for the consistent-hashing test, a second one in
 * {@code CACHETTE_MEMCACHED_2} (default {@code 127.0.0.1:11212}), and one on a Unix
 * socket in {@code CACHETTE_MEMCACHED_SOCKET}, and two requiring authentication:
 * {@code CACHETTE_MEMCACHED_AUTH} (text protocol) and {@code CACHETTE_MEMCACHED_SASL}
 * (SASL, binary protocol). A missing server fails the test under {@code CI=true} and
 * skips it elsewhere, saying what to start.
 */
final class MemcachedTestServers {

	private static final String DEFAULT_SOCKET = "/tmp/cachette-memcached.sock";

	private MemcachedTestServers() {
	}

	static String first() {
		return require("CACHETTE_MEMCACHED", "127.0.0.1:11211");
	}

	static String second() {
		return require("CACHETTE_MEMCACHED_2", "127.0.0.1:11212");
	}

	/**
	 * The server that requires text-protocol authentication:
	 * {@code CACHETTE_MEMCACHED_AUTH} (default {@code 127.0.0.1:11213}), started with
	 * {@code -Y} and an auth file holding {@code cachette:s3cret}.
	 * @return the address
	 */
	static String authenticated() {
		return require("CACHETTE_MEMCACHED_AUTH", "127.0.0.1:11213");
	}

	/**
	 * The server that requires SASL on the binary protocol:
	 * {@code CACHETTE_MEMCACHED_SASL} (default {@code 127.0.0.1:11214}), started with
	 * {@code -S} and a SASL database holding {@code cachette}/{@code s3cret}.
	 * @return the address
	 */
	static String sasl() {
		return require("CACHETTE_MEMCACHED_SASL", "127.0.0.1:11214");
	}

	/**
	 * The Unix-socket server: {@code CACHETTE_MEMCACHED_SOCKET}, default
	 * {@code /tmp/cachette-memcached.sock}.
	 * @return the socket path
	 */
	static String socket() {
		String value = System.getenv("CACHETTE_MEMCACHED_SOCKET");
		String path = (value != null && !value.isBlank()) ? value.trim()
				: TestContainers.orContainerSocket(DEFAULT_SOCKET, socketListening(DEFAULT_SOCKET));
		if (!socketListening(path)) {
			String message = "memcached is not listening on the Unix socket " + path
					+ " (set CACHETTE_MEMCACHED_SOCKET, or start it: memcached -d -u root -s " + path
					+ " -a 0700 -m 64)";
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				Assertions.fail(message + " [CI=true: a missing server fails the build]");
			}
			Assumptions.abort(message);
		}
		return path;
	}

	private static String require(String variable, String defaultAddress) {
		String address = TestServers.address(variable, defaultAddress);
		if (!reachable(address)) {
			String message = "memcached is not reachable at " + address + " (set " + variable
					+ ", or start it: memcached -d -u root -l 127.0.0.1 -p " + port(address) + " -m 64)";
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				Assertions.fail(message + " [CI=true: a missing server fails the build]");
			}
			Assumptions.abort(message);
		}
		return address;
	}

	static boolean reachable(String address) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host(address), port(address)), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** A connect, not a file check: a killed server leaves its socket file behind. */
	private static boolean socketListening(String path) {
		try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	static String host(String address) {
		return address.substring(0, address.lastIndexOf(':'));
	}

	static int port(String address) {
		return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
	}

	/**
	 * Sends one text-protocol command to one server and returns the answer up to its last
	 * line: a direct look at a server, bypassing the client under test.
	 * @param address the server
	 * @param command the command without the line end, such as {@code mg key t v}
	 * @param lastLine how the answer's last line starts ({@code END}; empty for a
	 * one-line answer)
	 * @return the answer
	 */
	static String send(String address, String command, String lastLine) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host(address), port(address)), 1000);
			socket.setSoTimeout(2000);
			OutputStream out = socket.getOutputStream();
			out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			StringBuilder answer = new StringBuilder();
			StringBuilder line = new StringBuilder();
			int b;
			while ((b = in.read()) != -1) {
				answer.append((char) b);
				if (b == '\n') {
					String text = line.toString().trim();
					if (text.startsWith(lastLine) || text.equals("END") || text.equals("ERROR")
							|| text.startsWith("CLIENT_ERROR") || text.startsWith("SERVER_ERROR")) {
						break;
					}
					line.setLength(0);
				}
				else {
					line.append((char) b);
				}
			}
			return answer.toString();
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not talk to memcached at " + address, ex);
		}
	}

	/**
	 * Stores bytes under a key with the text protocol's {@code set}, bypassing the client
	 * under test, as whoever can reach the server could.
	 * @param address the server
	 * @param key the stored key
	 * @param value the bytes
	 */
	static void set(String address, String key, byte[] value) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host(address), port(address)), 1000);
			socket.setSoTimeout(2000);
			OutputStream out = socket.getOutputStream();
			out.write(("set " + key + " 0 0 " + value.length + "\r\n").getBytes(StandardCharsets.UTF_8));
			out.write(value);
			out.write("\r\n".getBytes(StandardCharsets.UTF_8));
			out.flush();
			byte[] answer = new byte[8];
			int read = socket.getInputStream().readNBytes(answer, 0, answer.length);
			if (!new String(answer, 0, read, StandardCharsets.UTF_8).startsWith("STORED")) {
				throw new IllegalStateException("memcached at " + address + " did not store " + key);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not talk to memcached at " + address, ex);
		}
	}

	/**
	 * Tells whether a server holds a key, asking it directly.
	 * @param address the server
	 * @param key the stored key
	 * @return whether it is there
	 */
	static boolean holds(String address, String key) {
		return send(address, "get " + key, "END").startsWith("VALUE ");
	}

}
