package io.backstop.console.internal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.backstop.backtest.Strategy;
import io.backstop.data.DataQuality;
import io.backstop.data.OhlcvSeries;
import io.backstop.run.Formats;
import io.backstop.run.RunHandle;
import io.backstop.run.RunKind;
import io.backstop.run.RunOutcome;
import io.backstop.run.RunRequest;
import io.backstop.run.RunService;

/** Running work from the console: {@code backstop:strategies}, {@code backstop:load} and {@code backstop:backtest}. */
@Component(service = BackstopCommands.class, property = { "osgi.command.scope=backstop",
		"osgi.command.function=strategies", "osgi.command.function=load", "osgi.command.function=backtest" })
public class BackstopCommands {

	static final String STRATEGIES_USAGE = "backstop:strategies [STRATEGY]";
	static final String LOAD_USAGE = "backstop:load [FILE | SYMBOL TIMEFRAME]   (a .csv or .zip file, a symbol and timeframe of"
			+ " the data library (backstop:data list), or nothing: the bundled BTCUSDT 5m sample)";
	static final String BACKTEST_USAGE = "backstop:backtest STRATEGY [name=value ...] " + SettingsOptions.USAGE + " "
			+ SettingsOptions.RANGE_USAGE + "   (backstop:strategies lists them)";

	/** System property: the directory relative paths are resolved against (set by {@code ./backstop}). */
	static final String START_DIRECTORY = "backstop.start.dir";

	@Reference
	RunService runs;

	@Descriptor("list the strategies with the bundle that contributed each, their parameters, types, defaults and default sweep ranges")
	public void strategies(CommandSession session, @Descriptor("[STRATEGY]") String... args) {
		PrintStream out = session.getConsole();
		CommandRunner.run(out, "backstop:strategies", STRATEGIES_USAGE, args, () -> {
			Arguments a = Arguments.parse(args, Set.of(), Set.of()).atMost(1);
			List<Strategy> shown = a.positionals().isEmpty() ? runs.strategies() : List.of(runs.strategy(a.positionals().get(0)));
			StringBuilder text = new StringBuilder();
			for (Strategy s : shown) {
				if (!text.isEmpty()) {
					text.append('\n');
				}
				text.append(WorkFormat.strategy(s, runs.contributor(s)));
			}
			out.print(text);
		});
	}

	@Descriptor("load OHLCV bars from a CSV or zip file, or a symbol and timeframe of the data library; nothing: the bundled sample")
	public void load(CommandSession session, @Descriptor("[FILE | SYMBOL TIMEFRAME]") String... args) {
		PrintStream out = session.getConsole();
		CommandRunner.run(out, "backstop:load", LOAD_USAGE, args, () -> {
			Arguments a = Arguments.parse(args, Set.of(), Set.of()).atMost(2);
			OhlcvSeries series = switch (a.positionals().size()) {
			case 0 -> runs.openSample();
			case 1 -> runs.open(resolve(session, a.positionals().get(0)));
			default -> runs.open(a.positionals().get(0), a.positionals().get(1));
			};
			out.println("Loaded " + Formats.series(series));
			out.println(DataQuality.of(series).describe());
			out.println("source: " + series.source() + ", fingerprint " + StopReportFormat.shortId(series.fingerprint()));
		});
	}

	@Descriptor("run one backtest on the loaded data; parameters not given keep their defaults")
	public void backtest(CommandSession session, @Descriptor("STRATEGY [name=value ...] [settings]") String... args) {
		PrintStream out = session.getConsole();
		CommandRunner.run(out, "backstop:backtest", BACKTEST_USAGE, args, () -> {
			Arguments a = Arguments.parse(args, SettingsOptions.FLAGS, SettingsOptions.valuedWithRange());
			if (a.positionals().isEmpty()) {
				throw new UsageException("no strategy given");
			}
			RunRequest.Builder request = RunRequest.builder(RunKind.BACKTEST, a.positionals().get(0))
					.settings(SettingsOptions.settings(a)).range(SettingsOptions.range(a));
			assign(request, a);
			RunHandle run = runs.start(request.build());
			RunOutcome outcome = run.completion().get();
			out.print(WorkFormat.backtest(run, outcome,
					runs.series().map(series -> run.request().range().bars(series)).orElse(0)));
		});
	}

	/** The {@code name=input} arguments after the strategy, as the request's parameters. */
	static void assign(RunRequest.Builder request, Arguments a) throws UsageException {
		for (String assignment : a.positionals().subList(1, a.positionals().size())) {
			int eq = assignment.indexOf('=');
			if (eq <= 0) {
				throw new UsageException("expected name=value, got '" + assignment + "'");
			}
			request.parameter(assignment.substring(0, eq).strip(), assignment.substring(eq + 1));
		}
	}

	/**
	 * A path as the user typed it: relative ones against the directory {@code ./backstop} was
	 * started from (system property {@value #START_DIRECTORY}), else the session's directory.
	 */
	static Path resolve(CommandSession session, String typed) {
		Path path = Path.of(typed.startsWith("~/") ? System.getProperty("user.home") + typed.substring(1) : typed);
		if (path.isAbsolute()) {
			return path;
		}
		String start = System.getProperty(START_DIRECTORY);
		if (start != null && !start.isBlank()) {
			return Path.of(start).resolve(path).normalize();
		}
		Path current = session == null ? null : session.currentDir();
		return current == null ? path.toAbsolutePath() : current.resolve(path).normalize();
	}
}
