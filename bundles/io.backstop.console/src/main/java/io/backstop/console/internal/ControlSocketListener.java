package io.backstop.console.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Channels;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.backstop.estop.api.EmergencyStop;
import io.backstop.estop.api.Workspace;
import io.backstop.estop.api.StopReport;
import io.backstop.estop.api.StopRequest;

import jdk.net.ExtendedSocketOptions;

/**
 * Listens on the workspace's control socket ({@link ControlSocket}) so that
 * {@code ./backstop --estop} stops this instance from another terminal and
 * {@code ./backstop --attach} opens a console on it, even while the UI thread is frozen: the
 * listener has a thread of its own and calls the {@link EmergencyStop} service directly.
 * <p>
 * Only the workspace's owner can connect: the socket lies in a directory only its owner may enter,
 * the socket file itself is readable and writable by its owner alone, and a peer running as
 * another user is turned away. No TCP port is opened.
 */
@Component(immediate = true)
public class ControlSocketListener {

	private static final Logger LOG = Logger.getLogger(ControlSocketListener.class.getName());

	static final String REQUESTED_BY = "terminal";
	static final String REASON = "backstop --estop";
	/** The Gogo console's prompt, as on the terminal. */
	static final String PROMPT = "g! ";
	/** How long a client has to send its request once connected. */
	static final long REQUEST_WAIT_MILLIS = 5000;
	private static final int MAX_REQUEST_BYTES = 256;

	@Reference
	EmergencyStop emergencyStop;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	volatile CommandProcessor commandProcessor;

	private ServerSocketChannel server;
	private Path socket;
	private Thread acceptor;
	/** Removes the socket file when the JVM ends before the framework has stopped this component. */
	private Thread removeAtExit;

	@Activate
	void activate(BundleContext context) {
		Path workspace = Workspace.of(context.getProperty(Workspace.INSTANCE_AREA)).directory();
		try {
			open(workspace);
		} catch (IOException | RuntimeException e) {
			LOG.log(Level.WARNING, "the control socket for backstop --estop could not be opened in " + workspace + ": "
					+ CommandRunner.message(e), e);
		}
	}

	/** Binds the socket of {@code workspace} and starts accepting. */
	void open(Path workspace) throws IOException {
		Path path = ControlSocket.path(workspace);
		if (!ControlSocket.fits(path)) {
			throw new IOException("its path is longer than " + ControlSocket.MAX_PATH_BYTES + " bytes: " + path);
		}
		ownerOnlyDirectory(path.getParent());
		if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
			if (answers(path)) {
				throw new IOException("another Backstop is listening on " + path);
			}
			// left by an instance that crashed: nobody answers on it
			Files.delete(path);
		}
		ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		try {
			channel.bind(UnixDomainSocketAddress.of(path));
			Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
		} catch (IOException | RuntimeException e) {
			channel.close();
			throw e;
		}
		server = channel;
		socket = path;
		removeAtExit = new Thread(() -> removeSocketFile(path), "backstop-control-socket-removal");
		Runtime.getRuntime().addShutdownHook(removeAtExit);
		acceptor = new Thread(this::accept, "backstop-control-socket");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	Path socket() {
		return socket;
	}

	@Deactivate
	void deactivate() throws InterruptedException {
		if (server == null) {
			return;
		}
		try {
			server.close();
		} catch (IOException e) {
			LOG.log(Level.FINE, "closing the control socket", e);
		}
		removeSocketFile(socket);
		try {
			Runtime.getRuntime().removeShutdownHook(removeAtExit);
		} catch (IllegalStateException e) {
			// the JVM is ending: the hook runs anyway, and finds nothing left to remove
		}
		acceptor.join(TimeUnit.SECONDS.toMillis(5));
		server = null;
	}

	private static void removeSocketFile(Path path) {
		try {
			Files.deleteIfExists(path);
		} catch (IOException e) {
			LOG.log(Level.WARNING, "the control socket " + path + " could not be removed", e);
		}
	}

	/**
	 * A stop is served on this thread, so that it needs no new thread; a console gets one of its
	 * own, so that a stop can come in while it is attached.
	 */
	private void accept() {
		while (server.isOpen()) {
			SocketChannel client;
			try {
				client = server.accept();
			} catch (AsynchronousCloseException e) {
				return;
			} catch (IOException e) {
				LOG.log(Level.WARNING, "the control socket stopped accepting", e);
				return;
			}
			try {
				serve(client);
			} catch (IOException | RuntimeException e) {
				LOG.log(Level.FINE, "a control socket client went away", e);
				close(client);
			}
		}
	}

	private void serve(SocketChannel client) throws IOException {
		InputStream in = Channels.newInputStream(client);
		PrintStream out = new PrintStream(Channels.newOutputStream(client), false, StandardCharsets.UTF_8);
		String refusal = refusal(client);
		String request = refusal == null ? readRequest(client) : null;
		if (refusal != null) {
			answer(out, client, ControlSocket.ERROR + refusal);
		} else if (request == null) {
			answer(out, client, ControlSocket.ERROR + "no request within " + REQUEST_WAIT_MILLIS + " ms");
		} else if (ControlSocket.ESTOP.equals(request) || ControlSocket.ESTOP_JSON.equals(request)) {
			answer(out, client, stop(ControlSocket.ESTOP_JSON.equals(request)));
		} else if (ControlSocket.ATTACH.equals(request)) {
			Thread console = new Thread(() -> attach(client, in, out), "backstop-attached-console");
			console.setDaemon(true);
			console.start();
		} else {
			answer(out, client, ControlSocket.ERROR + "unknown request '" + request + "'; expected " + ControlSocket.ESTOP
					+ ", " + ControlSocket.ESTOP_JSON + " or " + ControlSocket.ATTACH);
		}
	}

	/**
	 * The request line, or null when none came in time: a client that connects and says nothing
	 * must not hold up the stop requests behind it.
	 */
	private static String readRequest(SocketChannel client) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		// one byte at a time: what follows the line belongs to an attached console
		ByteBuffer one = ByteBuffer.allocate(1);
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REQUEST_WAIT_MILLIS);
		client.configureBlocking(false);
		try (Selector selector = Selector.open()) {
			client.register(selector, SelectionKey.OP_READ);
			while (true) {
				long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
				if (left <= 0 || line.size() > MAX_REQUEST_BYTES) {
					return null;
				}
				selector.select(left);
				selector.selectedKeys().clear();
				int read;
				while ((read = client.read(one.clear())) > 0) {
					if (one.get(0) == '\n') {
						return line.toString(StandardCharsets.UTF_8).strip();
					}
					line.write(one.get(0));
				}
				if (read < 0) {
					return null;
				}
			}
		} finally {
			client.configureBlocking(true);
		}
	}

	/** Why the peer may not use the socket, or null: it runs as another user than the workspace's owner. */
	private String refusal(SocketChannel client) throws IOException {
		UserPrincipal peer = client.getOption(ExtendedSocketOptions.SO_PEERCRED).user();
		UserPrincipal owner = Files.getOwner(socket.getParent());
		return peer.equals(owner) ? null : "user " + peer.getName() + " may not control the Backstop of " + owner.getName();
	}

	/** Runs the stop and returns the answer: {@link ControlSocket#OK} and the report, or one error line. */
	String stop(boolean json) {
		StopReport report;
		try {
			report = emergencyStop.requestStop(StopRequest.of(REASON, REQUESTED_BY)).get(EstopCommands.REPORT_WAIT_SECONDS,
					TimeUnit.SECONDS);
		} catch (TimeoutException e) {
			return ControlSocket.ERROR + "the stop is still running after " + EstopCommands.REPORT_WAIT_SECONDS
					+ " s; estop:history prints its report once it completes";
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return ControlSocket.ERROR + "interrupted while waiting for the stop's report";
		} catch (Exception e) {
			return ControlSocket.ERROR + "the stop failed: " + CommandRunner.message(CommandRunner.unwrap(e));
		}
		return ControlSocket.OK + "\n" + (json ? emergencyStop.toJson(report) + "\n" : StopReportFormat.table(report));
	}

	private static void answer(PrintStream out, SocketChannel client, String text) {
		out.print(text.endsWith("\n") ? text : text + "\n");
		out.flush();
		close(client);
	}

	/**
	 * A Gogo session on the socket: each line in is run as a command, its output and result go
	 * back, then the prompt. The session reads further input from the socket itself, so a command
	 * that asks for confirmation gets its answer. It ends with the client's input.
	 */
	private void attach(SocketChannel client, InputStream in, PrintStream out) {
		CommandProcessor processor = commandProcessor;
		if (processor == null) {
			answer(out, client, ControlSocket.ERROR + "this Backstop has no command shell (org.apache.felix.gogo.runtime is not running)");
			return;
		}
		out.println(ControlSocket.OK);
		out.println("Backstop console attached: type 'help' for commands, 'estop' to stop all work; end the input (Ctrl+D) to detach");
		out.print(PROMPT);
		out.flush();
		try (CommandSession session = processor.createSession(in, out, out)) {
			String line;
			while ((line = ControlSocket.readLine(in)) != null) {
				if (!line.isBlank()) {
					run(session, line, out);
				}
				out.print(PROMPT);
				out.flush();
			}
		} catch (IOException | RuntimeException e) {
			LOG.log(Level.FINE, "an attached console went away", e);
		} finally {
			close(client);
		}
	}

	private static void run(CommandSession session, String line, PrintStream out) {
		try {
			Object result = session.execute(line);
			if (result != null) {
				out.println(session.format(result, Converter.INSPECT));
			}
		} catch (Exception e) {
			out.println(CommandRunner.message(CommandRunner.unwrap(e)));
		}
	}

	private static void close(SocketChannel client) {
		try {
			client.close();
		} catch (IOException e) {
			LOG.log(Level.FINE, "closing a control socket client", e);
		}
	}

	/** Whether something listens on {@code path}: a live instance rather than a file left by a crash. */
	private static boolean answers(Path path) {
		try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
			return true;
		} catch (IOException e) {
			return false;
		}
	}

	/** Creates {@code directory} (and its parents) and leaves it readable, writable and enterable by its owner only. */
	private static void ownerOnlyDirectory(Path directory) throws IOException {
		Files.createDirectories(directory);
		Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
	}
}
