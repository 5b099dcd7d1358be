package dev.cachette.cache.backend;

import java.time.Duration;

import dev.cachette.cache.ServerProcess;
import dev.cachette.cache.resilience.CallTimeouts;

/**
 * {@link BackendFreezeTests} on a server process of the test's own, on a free port,
 * frozen with {@code SIGSTOP} and killed with {@code SIGKILL}.
 */
public abstract class ProcessFreezeTests extends BackendFreezeTests {

	private ServerProcess server;

	/**
	 * The command that runs the server in the foreground.
	 * @param port the port it must listen on
	 * @return the command and its arguments
	 */
	protected abstract String[] command(int port);

	/**
	 * The port the server listens on.
	 * @return the port
	 */
	protected int port() {
		return this.server.port();
	}

	@Override
	protected void startServer() throws Exception {
		int port = ServerProcess.freePort();
		this.server = ServerProcess.start(port, command(port));
	}

	@Override
	protected Duration operationTimeout() {
		return CallTimeouts.DEFAULT_OPERATION_TIMEOUT;
	}

	@Override
	protected void freeze() throws Exception {
		this.server.freeze();
	}

	@Override
	protected void thaw() throws Exception {
		this.server.thaw();
	}

	@Override
	protected void kill() throws Exception {
		this.server.kill();
	}

	@Override
	protected void restart() throws Exception {
		this.server.restart();
	}

	@Override
	protected void stopServer() throws Exception {
		this.server.close();
	}

}
