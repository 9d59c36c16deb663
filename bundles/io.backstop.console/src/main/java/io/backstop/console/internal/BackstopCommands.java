package io.backstop.console.internal;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.CancellationToken;
import io.backstop.backtest.Parameters;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Strategy;
import io.backstop.backtest.StrategyRegistry;
import io.backstop.data.OhlcvCsv;
import io.backstop.data.OhlcvSeries;
import io.backstop.data.SampleData;
import io.backstop.estop.api.StopSignal;
import io.backstop.indicators.IndicatorCache;

/** Running work from the console: {@code backstop:strategies}, {@code backstop:load} and {@code backstop:backtest}. */
@Component(service = BackstopCommands.class, property = { "osgi.command.scope=backstop",
		"osgi.command.function=strategies", "osgi.command.function=load", "osgi.command.function=backtest" })
public class BackstopCommands {

	static final String STRATEGIES_USAGE = "backstop:strategies [STRATEGY]";
	static final String LOAD_USAGE = "backstop:load [FILE.csv]   (no file: the bundled BTCUSDT 5m sample)";
	static final String BACKTEST_USAGE = "backstop:backtest STRATEGY [name=value ...]   (backstop:strategies lists them)";

	/** System property: the directory relative paths are resolved against (set by {@code ./backstop}). */
	static final String START_DIRECTORY = "backstop.start.dir";

	/** The built-in strategies, unless a registry is registered as a service. */
	private final StrategyRegistry builtIn = StrategyRegistry.standard();

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	volatile StrategyRegistry registry;

	@Reference
	Workbench workbench;

	@Reference
	StopSignal stopSignal;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	volatile IndicatorCache indicatorCache;

	@Descriptor("list the strategies with their parameters, types, defaults and default sweep ranges")
	public void strategies(CommandSession session, @Descriptor("[STRATEGY]") String... args) {
		PrintStream out = session.getConsole();
		CommandRunner.run(out, "backstop:strategies", STRATEGIES_USAGE, args, () -> {
			Arguments a = Arguments.parse(args, Set.of(), Set.of()).atMost(1);
			List<Strategy> shown = a.positionals().isEmpty() ? catalogue().all() : List.of(strategy(a.positionals().get(0)));
			StringBuilder text = new StringBuilder();
			for (Strategy s : shown) {
				if (!text.isEmpty()) {
					text.append('\n');
				}
				text.append(BacktestFormat.strategy(s));
			}
			out.print(text);
		});
	}

	@Descriptor("load OHLCV bars from a CSV file (timestamp,open,high,low,close,volume); no file: the bundled sample")
	public void load(CommandSession session, @Descriptor("[FILE.csv]") String... args) {
		PrintStream out = session.getConsole();
		CommandRunner.run(out, "backstop:load", LOAD_USAGE, args, () -> {
			Arguments a = Arguments.parse(args, Set.of(), Set.of()).atMost(1);
			OhlcvSeries series;
			if (a.positionals().isEmpty()) {
				series = SampleData.loadBtcusdt5m();
			} else {
				Path file = resolve(session, a.positionals().get(0));
				if (Files.isDirectory(file)) {
					throw new UsageException(file + " is a directory, not a CSV file");
				}
				series = OhlcvCsv.load(file);
			}
			if (series.isEmpty()) {
				throw new UsageException(series.source() + " holds no bars");
			}
			workbench.load(series);
			out.println("Loaded " + BacktestFormat.series(series));
			out.println("source: " + series.source() + ", fingerprint " + StopReportFormat.shortId(series.fingerprint()));
		});
	}

	@Descriptor("run one backtest on the loaded data; parameters not given keep their defaults")
	public void backtest(CommandSession session, @Descriptor("STRATEGY [name=value ...]") String... args) {
		PrintStream out = session.getConsole();
		CommandRunner.run(out, "backstop:backtest", BACKTEST_USAGE, args, () -> {
			Arguments a = Arguments.parse(args, Set.of(), Set.of());
			if (a.positionals().isEmpty()) {
				throw new UsageException("no strategy given");
			}
			Strategy strategy = strategy(a.positionals().get(0));
			Parameters parameters = ParameterArguments.single(strategy, a.positionals().subList(1, a.positionals().size()));
			OhlcvSeries series = workbench.requireSeries();
			stopSignal.ensureLowered("backtest");
			long start = System.nanoTime();
			BacktestResult result = strategy.run(series, parameters, RunSettings.defaults(),
					CancellationToken.of(stopSignal::isRaised), indicatorCache);
			long millis = (System.nanoTime() - start) / 1_000_000;
			out.print(BacktestFormat.result(strategy, series, result, millis));
		});
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

	private StrategyRegistry catalogue() {
		StrategyRegistry r = registry;
		return r != null ? r : builtIn;
	}

	Strategy strategy(String id) throws UsageException {
		return catalogue().find(id).orElseThrow(() -> new UsageException(
				"unknown strategy " + id + "; known: " + String.join(", ", catalogue().ids())));
	}
}
