package dev.cachette.cache;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server process a test starts for itself on a free port (a {@code redis-server}, a
 * {@code memcached}), so that it can freeze it ({@code SIGSTOP}), thaw it
 * ({@code SIGCONT}) or kill it without touching the servers other tests share. A missing
 * binary fails the test under {@code CI=true} and skips it elsewhere
 * ({@link TestServers#require(boolean, String)}).
 */
public final class ServerProcess implements AutoCloseable {

	private final List<String> command;

	private final int port;

	private final Path log;

	private Process process;

	private ServerProcess(List<String> command, int port, Path log, Process process) {
		this.command = command;
		this.port = port;
		this.log = log;
		this.process = process;
	}

	/**
	 * Starts a server and waits until it listens.
	 * @param port the port it listens on
	 * @param command the command, which must keep the server in the foreground
	 * @return the running server
	 * @throws IOException if it cannot be started
	 * @throws InterruptedException if interrupted while waiting for it
	 */
	public static ServerProcess start(int port, String... command) throws IOException, InterruptedException {
		Path log = Files.createTempFile("cachette-" + command[0] + "-" + port, ".log");
		List<String> arguments = List.of(command);
		return new ServerProcess(arguments, port, log, launch(arguments, port, log));
	}

	private static Process launch(List<String> command, int port, Path log) throws IOException, InterruptedException {
		Process process;
		try {
			process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
		}
		catch (IOException ex) {
			TestServers.require(false, command.get(0) + " is not installed (" + ex.getMessage() + ")");
			throw ex;
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!TestServers.isReachable("127.0.0.1", port)) {
			if (!process.isAlive() || System.nanoTime() > deadline) {
				process.destroyForcibly();
				throw new IOException(String.join(" ", command) + " did not start: " + Files.readString(log));
			}
			Thread.sleep(20);
		}
		return process;
	}

	/**
	 * A port nothing listens on now.
	 * @return the port
	 * @throws IOException if no port can be bound
	 */
	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/**
	 * The port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Freezes the server: its sockets stay open, it answers nothing.
	 * @throws IOException if the signal cannot be sent
	 * @throws InterruptedException if interrupted
	 */
	public void freeze() throws IOException, InterruptedException {
		signal("-STOP");
	}

	/**
	 * Lets a frozen server run again.
	 * @throws IOException if the signal cannot be sent
	 * @throws InterruptedException if interrupted
	 */
	public void thaw() throws IOException, InterruptedException {
		signal("-CONT");
	}

	/**
	 * Kills the server ({@code SIGKILL}) and waits for it to be gone.
	 * @throws InterruptedException if interrupted
	 */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(10, TimeUnit.SECONDS);
	}

	/**
	 * Starts the server again after {@link #kill()}, on the same port.
	 * @throws IOException if it cannot be started
	 * @throws InterruptedException if interrupted
	 */
	public void restart() throws IOException, InterruptedException {
		this.process = launch(this.command, this.port, this.log);
	}

	private void signal(String signal) throws IOException, InterruptedException {
		Process kill = new ProcessBuilder(new ArrayList<>(List.of("kill", signal, Long.toString(this.process.pid()))))
			.inheritIO()
			.start();
		if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
			throw new IOException("kill " + signal + " " + this.process.pid() + " failed");
		}
	}

	/**
	 * Closes a test's cache and servers, each even if an earlier one fails.
	 * @param resources what to close, in order
	 * @throws Exception the first failure, the others suppressed
	 */
	public static void closeAll(AutoCloseable... resources) throws Exception {
		Exception failure = null;
		for (AutoCloseable resource : resources) {
			try {
				resource.close();
			}
			catch (Exception ex) {
				if (failure == null) {
					failure = ex;
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	/** Thaws the server if frozen, so that it can die, then kills it. */
	@Override
	public void close() throws Exception {
		if (this.process.isAlive()) {
			signal("-CONT");
			kill();
		}
		Files.deleteIfExists(this.log);
	}

}
