package io.backstop.console.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The running instance's control socket, shared by the listener inside Backstop and the
 * {@code ./backstop --estop} / {@code --attach} client outside it: where it lies in a workspace and
 * what travels over it. The client sends one request line ({@link #ESTOP}, {@link #ESTOP_JSON} or
 * {@link #ATTACH}); the listener answers {@link #OK} and then the report (or the console), or
 * {@link #ERROR} followed by one line saying what is wrong. Nothing here needs OSGi: the client
 * runs on a plain JVM.
 */
final class ControlSocket {

	static final String ESTOP = "estop";
	static final String ESTOP_JSON = "estop --json";
	static final String ATTACH = "attach";
	static final String OK = "ok";
	static final String ERROR = "error: ";

	/** The longest path a Unix domain socket address takes on Linux ({@code sun_path} less its terminating NUL). */
	static final int MAX_PATH_BYTES = 107;

	private ControlSocket() {
	}

	/** The directory holding the socket; only its owner may enter it. */
	static Path directory(Path workspace) {
		return workspace.resolve(".metadata").resolve(".backstop");
	}

	static Path path(Path workspace) {
		return directory(workspace).resolve("control.sock");
	}

	/** Whether {@code socket} is short enough to bind or connect to. */
	static boolean fits(Path socket) {
		return socket.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_PATH_BYTES;
	}

	/**
	 * Reads one line, byte by byte, so that nothing after it is consumed: what follows belongs to
	 * whoever reads the stream next (a command asking for confirmation, say).
	 *
	 * @return the line without its end, or null at the end of the stream
	 */
	static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) >= 0 && b != '\n') {
			line.write(b);
		}
		if (b < 0 && line.size() == 0) {
			return null;
		}
		String text = line.toString(StandardCharsets.UTF_8);
		return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
	}
}
