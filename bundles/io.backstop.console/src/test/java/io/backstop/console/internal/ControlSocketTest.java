package io.backstop.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/** The control socket end to end on a real Unix domain socket: the client as {@code ./backstop} runs it, the listener as DS wires it. */
class ControlSocketTest {

	@TempDir
	Path workspace;

	private final TestEmergencyStop stop = new TestEmergencyStop();
	private final ControlSocketListener listener = new ControlSocketListener();
	private final ByteArrayOutputStream out = new ByteArrayOutputStream();
	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@BeforeEach
	void wire() {
		listener.emergencyStop = stop;
		stop.step("sweep.halt", "Halt running sweeps", 100, TestEmergencyStop.cleaned("halted 1 sweep", 0))
				.step("gpu.release", "Free GPU memory", 400, TestEmergencyStop.skipped("no CUDA device"));
	}

	@AfterEach
	void close() throws InterruptedException {
		listener.deactivate();
	}

	@Test
	void estopRunsTheStopAndPrintsTheConsoleTable() throws IOException {
		listener.open(workspace);
		assertEquals(0, client("estop", workspace.toString()), err());
		String report = out();
		assertTrue(report.startsWith("Emergency stop 01234567 at 2026-11-26 13:30:00 UTC by terminal (backstop --estop): 2 steps"),
				report);
		assertEquals(StopReportFormat.table(stop.history.get(0)), report);
		assertEquals(1, stop.requests.size());
		assertEquals("terminal", stop.requests.get(0).requestedBy());
		assertEquals("", err());
	}

	@Test
	void estopJsonPrintsTheReportAsJsonAlone() throws IOException {
		listener.open(workspace);
		assertEquals(0, client("estop", workspace.toString(), "--json"), err());
		assertEquals(stop.toJson(stop.history.get(0)) + "\n", out());
	}

	@Test
	void onlyTheOwnerMayEnterTheDirectoryOrOpenTheSocket() throws IOException {
		listener.open(workspace);
		Path socket = ControlSocket.path(workspace);
		assertEquals(socket, listener.socket());
		assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
		assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
	}

	@Test
	void aDirectoryLeftOpenToOthersIsClosedToThemAgain() throws IOException {
		Path directory = Files.createDirectories(ControlSocket.directory(workspace));
		Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
		listener.open(workspace);
		assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)));
	}

	@Test
	void aSocketLeftByACrashedInstanceIsReplaced() throws IOException {
		Path socket = ControlSocket.path(workspace);
		Files.createDirectories(socket.getParent());
		// bound, then closed without removing its file: what a killed process leaves
		ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket)).close();
		assertTrue(Files.exists(socket));
		assertEquals(1, client("estop", workspace.toString()));
		assertEquals("backstop: no Backstop is running on workspace " + workspace + " (nothing answers on " + socket + ")\n",
				err());

		listener.open(workspace);
		assertEquals(0, client("estop", workspace.toString()), err());
		assertTrue(out().contains("sweep.halt"));
	}

	@Test
	void aLiveInstancesSocketIsNotTaken() throws IOException {
		listener.open(workspace);
		ControlSocketListener second = new ControlSocketListener();
		second.emergencyStop = new TestEmergencyStop();
		IOException refused = assertThrows(IOException.class, () -> second.open(workspace));
		assertEquals("another Backstop is listening on " + ControlSocket.path(workspace), refused.getMessage());
		assertEquals(0, client("estop", workspace.toString()), err());
		assertEquals(1, stop.requests.size(), "the first instance still answers");
	}

	@Test
	void withoutARunningBackstopTheClientSaysSoInOneLine() throws InterruptedException {
		assertEquals(1, client("estop", workspace.toString()));
		assertEquals("backstop: no Backstop is running on workspace " + workspace + "\n", err());
		assertEquals("", out());
	}

	@Test
	void aStoppedListenerRemovesItsSocket() throws IOException, InterruptedException {
		listener.open(workspace);
		listener.deactivate();
		assertFalse(Files.exists(ControlSocket.path(workspace)));
		assertEquals(1, client("estop", workspace.toString()));
		assertEquals("backstop: no Backstop is running on workspace " + workspace + "\n", err());
	}

	@Test
	void anUnknownRequestIsAnsweredWithOneErrorLine() throws IOException {
		listener.open(workspace);
		try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(ControlSocket.path(workspace)))) {
			Channels.newOutputStream(channel).write("install file:/tmp/evil.jar\n".getBytes(StandardCharsets.UTF_8));
			String answer = new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
			assertEquals("error: unknown request 'install file:/tmp/evil.jar'; expected estop, estop --json or attach\n", answer);
		}
		assertEquals(List.of(), stop.requests);
	}

	@Test
	void attachWithoutACommandShellSaysSo() throws IOException {
		listener.open(workspace);
		assertEquals(1, client("attach", workspace.toString()));
		assertEquals("backstop: this Backstop has no command shell (org.apache.felix.gogo.runtime is not running)\n", err());
	}

	@Test
	void badArgumentsGiveTheUsage() {
		for (String[] args : List.of(new String[] {}, new String[] { "estop" }, new String[] { "stop", "ws" },
				new String[] { "attach", "ws", "--json" }, new String[] { "estop", "ws", "--yaml" })) {
			assertEquals(2, client(args), String.join(" ", args));
			assertEquals(ControlClient.USAGE_LINE + "\n", err());
		}
	}

	private int client(String... args) {
		return ControlClient.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
	}

	private String out() {
		String text = out.toString(StandardCharsets.UTF_8);
		out.reset();
		return text;
	}

	private String err() {
		String text = err.toString(StandardCharsets.UTF_8);
		err.reset();
		return text;
	}
}
