package io.backstop.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import io.backstop.data.DataLibrary;
import io.backstop.data.OhlcvFiles;
import io.backstop.estop.api.EmergencyStop;
import io.backstop.run.RunService;

/** {@code backstop:data} and {@code backstop:load SYMBOL TIMEFRAME} on a library directory of real files. */
class DataCommandsIT {

	private static final long JAN_1_2025 = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();

	@TempDir
	Path dir;

	private final TestSession session = new TestSession();
	private final DataCommands data = new DataCommands();
	private BackstopCommands backstop;

	@BeforeEach
	void wire() throws Exception {
		BundleContext context = FrameworkUtil.getBundle(DataCommandsIT.class).getBundleContext();
		BackstopCommandsIT.waitFor(context, EmergencyStop.class).reset();
		backstop = BackstopCommandsIT.waitFor(context, BackstopCommands.class);
		data.runs = BackstopCommandsIT.waitFor(context, RunService.class);
		data.library = DataLibrary.of(dir, OhlcvFiles.Options.DEFAULT);
	}

	private void klines(String name, int from, int count, long step) throws Exception {
		StringBuilder text = new StringBuilder();
		for (int i = from; i < from + count; i++) {
			long open = JAN_1_2025 + i * step;
			text.append(open).append(",10,11,9,10.5,").append(i % 10 == 0 ? 0 : 3).append(',').append(open + step - 1)
					.append(",1,1,1,1,0\n");
		}
		Files.writeString(dir.resolve(name), text);
	}

	@Test
	void listShowsEverySymbolAndTimeframeWithSpanGapsAndSource() throws Exception {
		klines("BTCUSDT-1m-2025-01.csv", 0, 60, 60_000);
		klines("BTCUSDT-1m-2025-02.csv", 60, 60, 60_000);
		klines("ETHUSDT_1h.csv", 0, 10, 3_600_000);
		klines("ETHUSDT_4h.csv", 0, 3, 14_400_000);
		Files.writeString(dir.resolve("ETHUSDT_4h.csv"), Files.readString(dir.resolve("ETHUSDT_4h.csv")) + (JAN_1_2025
				+ 10 * 14_400_000L) + ",10,11,9,10.5,3,0,1,1,1,1,0\n");
		Files.writeString(dir.resolve("XRPUSDT_1d.csv"), "nothing,here\n");
		data.data(session, "list");
		List<String> lines = session.take().lines().toList();
		assertEquals("Data library " + dir + ": 5 data sets", lines.get(0));
		assertTrue(lines.get(1).matches("SYMBOL +TIMEFRAME +BARS +SPAN +GAPS +ZERO-VOLUME +SOURCE"), lines.get(1));
		assertTrue(lines.get(2).matches("BTCUSDT +1m +120 +2025-01-01 00:00 to 2025-01-01 01:59 UTC +no gaps +12 +"
				+ "BTCUSDT-1m-2025-01\\.csv and 1 more file"), lines.get(2));
		assertTrue(lines.get(3).matches("BTCUSDT +5m +25,920 +2025-04-03 17:05 to 2025-07-02 17:00 UTC +no gaps +0 +bundled sample"),
				lines.get(3));
		assertTrue(lines.get(4).matches("ETHUSDT +1h +10 .*no gaps +1 +ETHUSDT_1h\\.csv"), lines.get(4));
		assertTrue(lines.get(5).matches("ETHUSDT +4h +4 .*1 gap, largest 1 d 8 h after 2025-01-01 08:00 UTC +1 +ETHUSDT_4h\\.csv"),
				lines.get(5));
		assertTrue(lines.get(6).matches("XRPUSDT +1d +not loaded: " + java.util.regex.Pattern.quote(dir.resolve("XRPUSDT_1d.csv")
				+ ", line 1, field 'timestamp': missing column 'timestamp' in the header (found: nothing, here)")), lines.get(6));
	}

	@Test
	void loadASymbolAndTimeframeThenResampleIt() {
		backstop.load(session, "BTCUSDT", "1h");
		assertEquals("Loaded BTCUSDT_1h: 2,161 bars of 1 h, 2025-04-03 17:00 to 2025-07-02 17:00 UTC", session.take().lines()
				.findFirst().orElseThrow());
		data.data(session, "resample", "1d");
		assertEquals("Loaded BTCUSDT_1d: 91 bars of 1 d, 2025-04-03 00:00 to 2025-07-02 00:00 UTC\n", session.take());
		backstop.load(session, "BTCUSDT", "5m");
		assertEquals(List.of("Loaded BTCUSDT_5m: 25,920 bars of 5 min, 2025-04-03 17:05 to 2025-07-02 17:00 UTC",
				"no gaps; no zero-volume bars"), session.take().lines().limit(2).toList());
	}

	@Test
	void mistakesGiveOneLineAndTheUsage() {
		for (String[] args : new String[][] { {}, { "nope" }, { "list", "more" }, { "resample" }, { "resample", "7m" } }) {
			backstop.load(session);
			session.take();
			data.data(session, args);
			List<String> lines = session.take().lines().toList();
			assertEquals(2, lines.size(), lines.toString());
			assertEquals("usage: " + DataCommands.USAGE, lines.get(1));
			assertEquals(switch (args.length == 0 ? "" : String.join(" ", args)) {
			case "" -> "backstop:data: list or resample?";
			case "nope" -> "backstop:data: unknown subcommand 'nope'";
			case "list more" -> "backstop:data: list takes nothing more, got 'more'";
			case "resample" -> "backstop:data: resample to which timeframe?";
			default -> "backstop:data: timeframe: 7m is not a whole multiple of 5m, the bar length of BTCUSDT_5m";
			}, lines.get(0));
		}
	}
}
