package io.backstop.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code ./backstop --estop} and {@code ./backstop --attach}: a plain JVM, no OSGi framework,
 * that talks to the running Backstop of a workspace over its control socket.
 * <p>
 * {@code java -cp io.backstop.console.jar io.backstop.console.internal.ControlClient estop|attach WORKSPACE [--json]}
 * <p>
 * Exit status: 0 when the stop completed (its report printed) or the console was detached; 1 with
 * one line on standard error when no Backstop runs on the workspace or the stop did not complete;
 * 2 for bad arguments.
 */
public final class ControlClient {

	static final int DONE = 0;
	static final int FAILED = 1;
	static final int USAGE = 2;
	static final String USAGE_LINE = "usage: ControlClient estop|attach WORKSPACE [--json]";

	private ControlClient() {
	}

	public static void main(String[] args) {
		System.exit(run(args, System.in, System.out, System.err));
	}

	static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
		boolean json = args.length == 3 && args[2].equals("--json");
		if (args.length < 2 || args.length > 3 || (args.length == 3 && !json)
				|| !(args[0].equals(ControlSocket.ESTOP) || args[0].equals(ControlSocket.ATTACH))
				|| (json && !args[0].equals(ControlSocket.ESTOP))) {
			err.println(USAGE_LINE);
			return USAGE;
		}
		Path workspace = Path.of(args[1]).toAbsolutePath().normalize();
		Path socket = ControlSocket.path(workspace);
		if (!ControlSocket.fits(socket)) {
			err.println("backstop: the workspace path is too long for a control socket (over "
					+ ControlSocket.MAX_PATH_BYTES + " bytes): " + socket);
			return FAILED;
		}
		try (SocketChannel channel = connect(workspace, socket)) {
			InputStream fromBackstop = Channels.newInputStream(channel);
			String request = args[0].equals(ControlSocket.ATTACH) ? ControlSocket.ATTACH
					: json ? ControlSocket.ESTOP_JSON : ControlSocket.ESTOP;
			OutputStream toBackstop = Channels.newOutputStream(channel);
			toBackstop.write((request + "\n").getBytes(StandardCharsets.UTF_8));
			toBackstop.flush();
			String status = ControlSocket.readLine(fromBackstop);
			if (status == null) {
				err.println("backstop: the Backstop on " + workspace + " closed the connection without an answer");
				return FAILED;
			}
			if (!status.equals(ControlSocket.OK)) {
				err.println("backstop: " + (status.startsWith(ControlSocket.ERROR) ? status.substring(ControlSocket.ERROR.length()) : status));
				return FAILED;
			}
			if (request.equals(ControlSocket.ATTACH)) {
				forwardInput(in, channel);
			}
			fromBackstop.transferTo(out);
			out.flush();
			return DONE;
		} catch (NotRunningException e) {
			err.println("backstop: " + e.getMessage());
			return FAILED;
		} catch (IOException e) {
			err.println("backstop: the connection to the Backstop on " + workspace + " failed: " + e.getMessage());
			return FAILED;
		}
	}

	private static SocketChannel connect(Path workspace, Path socket) throws IOException {
		if (!Files.exists(socket)) {
			if (Files.isDirectory(socket.getParent()) && !Files.isExecutable(socket.getParent())) {
				throw new NotRunningException("permission denied on " + socket.getParent() + ": it belongs to another user");
			}
			throw new NotRunningException("no Backstop is running on workspace " + workspace);
		}
		try {
			return SocketChannel.open(UnixDomainSocketAddress.of(socket));
		} catch (ConnectException e) {
			// the socket of an instance that crashed: nobody listens on it
			throw new NotRunningException("no Backstop is running on workspace " + workspace + " (nothing answers on " + socket + ")");
		} catch (AccessDeniedException e) {
			throw new NotRunningException("permission denied on " + socket + ": it belongs to another user");
		} catch (SocketException e) {
			throw new NotRunningException("cannot connect to " + socket + ": " + e.getMessage());
		}
	}

	/** Sends what is typed (or piped) to the attached console; at its end, tells Backstop no more comes. */
	private static void forwardInput(InputStream in, SocketChannel channel) {
		Thread forward = new Thread(() -> {
			try {
				OutputStream toBackstop = Channels.newOutputStream(channel);
				byte[] buffer = new byte[8192];
				int read;
				while ((read = in.read(buffer)) >= 0) {
					toBackstop.write(buffer, 0, read);
				}
				channel.shutdownOutput();
			} catch (IOException e) {
				// Backstop closed the console: the reader reports it
			}
		}, "console-input");
		forward.setDaemon(true);
		forward.start();
	}

	/** The workspace has no running Backstop to talk to. */
	private static final class NotRunningException extends IOException {
		private static final long serialVersionUID = 1L;

		NotRunningException(String message) {
			super(message);
		}
	}
}
