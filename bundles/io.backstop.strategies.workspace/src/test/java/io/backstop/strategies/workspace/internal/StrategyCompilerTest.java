package io.backstop.strategies.workspace.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.CancellationToken;
import io.backstop.backtest.Parameters;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Strategy;
import io.backstop.backtest.strategies.SmaCrossoverStrategy;
import io.backstop.data.OhlcvSeries;
import io.backstop.data.SyntheticSeries;
import io.backstop.indicators.Indicators;
import io.backstop.strategies.workspace.CompileProblem;

/** The compiler on real files against the strategy API's class files, outside OSGi. */
class StrategyCompilerTest {

	@TempDir
	Path dir;

	private final StrategyCompiler compiler = new StrategyCompiler(ToolProvider.getSystemJavaCompiler(), apiClassPath(),
			StrategyCompilerTest.class.getClassLoader());

	/** Where the strategy API's classes are on this test's class path. */
	static List<Path> apiClassPath() {
		List<Path> paths = new ArrayList<>();
		for (Class<?> api : List.of(Strategy.class, OhlcvSeries.class, Indicators.class)) {
			try {
				paths.add(Path.of(api.getProtectionDomain().getCodeSource().getLocation().toURI()));
			} catch (URISyntaxException e) {
				throw new IllegalStateException(e);
			}
		}
		return paths;
	}

	private Path write(String name, String source) throws Exception {
		Path file = dir.resolve(name + ".java");
		Files.writeString(file, source);
		return file;
	}

	@Test
	void theTemplateCompilesAndTradesLikeTheBuiltInOfTheSameLogic() throws Exception {
		Path file = write("MyCross", StrategyNames.template("MyCross"));
		StrategyCompiler.Outcome outcome = compiler.compile(file, "MyCross");
		assertEquals(List.of(), outcome.problems());
		Strategy mine = outcome.strategy();
		assertEquals("my_cross", mine.id());
		assertEquals(List.of("fast_period", "slow_period", "stop_loss_pct"),
				mine.parameters().stream().map(p -> p.name()).toList());

		OhlcvSeries series = SyntheticSeries.generate(11, 20_000);
		Parameters p = Parameters.of("fast_period", 8, "slow_period", 40, "stop_loss_pct", 2.0);
		BacktestResult template = mine.run(series, p, RunSettings.defaults(), CancellationToken.NONE);
		BacktestResult builtIn = new SmaCrossoverStrategy().run(series, p, RunSettings.defaults(), CancellationToken.NONE);
		assertTrue(template.trades().size() > 10, "it trades: " + template.trades().size());
		assertEquals(builtIn.trades().size(), template.trades().size());
		assertEquals(builtIn.finalEquity(), template.finalEquity(), 1e-9);
	}

	@Test
	void aSyntaxErrorIsReportedAtItsLineAndColumn() throws Exception {
		String source = StrategyNames.template("Broken").replace("int first = firstDefined(fast, slow) + 1;",
				"int first = firstDefined(fast, slow) + 1");
		Path file = write("Broken", source);
		long line = source.lines().takeWhile(l -> !l.contains("firstDefined(fast, slow) + 1")).count() + 1;
		StrategyCompiler.Outcome outcome = compiler.compile(file, "Broken");
		assertNull(outcome.strategy());
		CompileProblem first = outcome.problems().get(0);
		assertEquals(line, first.line());
		assertEquals(file + ":" + line + ":" + first.column() + ": ';' expected", first.toString());
		assertTrue(first.column() > 1, first.toString());
	}

	@Test
	void aMultiLineCompilerMessageIsOneLine() throws Exception {
		Path file = write("Unknown", StrategyNames.template("Unknown").replace("out.entry(i, cross(fast, slow, i));", "out.entry(i, cross(fast, slowest, i));"));
		CompileProblem problem = compiler.compile(file, "Unknown").problems().get(0);
		assertFalse(problem.message().contains("\n"), problem.message());
		assertTrue(problem.message().startsWith("cannot find symbol; symbol:"), problem.message());
	}

	@Test
	void aClassThatIsNoStrategySaysSoInOneLine() throws Exception {
		Path file = write("Plain", "public class Plain { }");
		assertEquals(List.of(file + ": class Plain does not implement io.backstop.backtest.Strategy"
				+ " (extend io.backstop.backtest.RulesStrategy)"),
				compiler.compile(file, "Plain").problems().stream().map(CompileProblem::toString).toList());

		Path misnamed = write("Named", "class Other { }");
		assertEquals(misnamed + ": declares no class Named; a strategy's class is named like its file",
				compiler.compile(misnamed, "Named").problems().get(0).toString());

		Path missing = dir.resolve("Missing.java");
		String problem = compiler.compile(missing, "Missing").problems().get(0).toString();
		assertTrue(problem.startsWith(missing + ": cannot be read"), problem);
	}

	@Test
	void aStrategySeesOnlyTheStrategyApiAndJava() throws Exception {
		String reachesInside = StrategyNames.template("Inside").replace("double stopPct = p.getDouble(\"stop_loss_pct\");",
				"double stopPct = p.getDouble(\"stop_loss_pct\"); io.backstop.backtest.internal.FixedStrategyRegistry.class.getName();");
		Path file = write("Inside", reachesInside);
		StrategyCompiler.Outcome outcome = compiler.compile(file, "Inside");
		// the compiler sees the bundle's jar; the class loader refuses the internal class when the code runs
		Strategy inside = outcome.strategy();
		assertNotNull(inside, outcome.problems().toString());
		String fault = assertThrows(IllegalArgumentException.class, () -> inside.run(SyntheticSeries.generate(1, 500),
				Parameters.empty(), RunSettings.defaults(), CancellationToken.NONE)).getMessage();
		assertTrue(fault.startsWith("strategy inside failed at Inside.java:"), fault);
		assertTrue(fault.contains("NoClassDefFoundError: io/backstop/backtest/internal/FixedStrategyRegistry"), fault);
	}

	@Test
	void aStrategyThatThrowsFailsItsRunWithTheMessageAndSourceLine() throws Exception {
		String source = StrategyNames.template("Thrower").replace("out.entry(i, cross(fast, slow, i));",
				"if (i > 300) { throw new IllegalStateException(\"bar \" + i); } out.entry(i, cross(fast, slow, i));");
		Path file = write("Thrower", source);
		long line = source.lines().takeWhile(l -> !l.contains("throw new IllegalStateException")).count() + 1;
		Strategy thrower = compiler.compile(file, "Thrower").strategy();
		String fault = assertThrows(StrategyFault.class, () -> thrower.runForFigures(SyntheticSeries.generate(1, 2_000),
				Parameters.empty(), RunSettings.defaults(), CancellationToken.NONE, null)).getMessage();
		assertEquals("strategy thrower failed at Thrower.java:" + line + ": IllegalStateException: bar 301", fault);

		// a combination it refuses passes through as it is
		String refused = assertThrows(IllegalArgumentException.class, () -> thrower.run(SyntheticSeries.generate(1, 500),
				Parameters.of("fast_period", 30, "slow_period", 20), RunSettings.defaults(), CancellationToken.NONE))
				.getMessage();
		assertEquals("fast_period (30) must be below slow_period (20)", refused);
		assertEquals(List.of(io.backstop.backtest.ParameterConstraint.less("fast_period", "slow_period")),
				thrower.constraints(), "the template's constraint, which sweeps and searches read");
	}

	@Test
	void aConstructorThatThrowsNamesItsLine() throws Exception {
		Path file = write("Ctor", """
				import java.util.List;
				import io.backstop.backtest.*;
				import io.backstop.data.OhlcvSeries;
				public class Ctor extends RulesStrategy {
					public Ctor() {
						super("ctor", "x", "x", java.util.Arrays.asList((ParameterSpec) null));
					}
					@Override
					protected SignalRules rules(OhlcvSeries s, Parameters p, IndicatorLookup i) {
						return null;
					}
				}
				""");
		String problem = compiler.compile(file, "Ctor").problems().get(0).toString();
		assertTrue(problem.startsWith(file + ": creating Ctor failed at Ctor.java:6: NullPointerException"), problem);
	}

	@Test
	void namesAreJavaClassNamesAndGiveSnakeCaseIds() {
		assertEquals("my_breakout2", StrategyNames.idOf("MyBreakout2"));
		assertEquals("sma_x", StrategyNames.idOf("SMA_X"));
		assertEquals("trend", StrategyNames.idOf("trend"));
		for (String bad : List.of("2fast", "my-strategy", "class", "a.b", "$x", "../x")) {
			String message = assertThrows(IllegalArgumentException.class, () -> StrategyNames.check(bad)).getMessage();
			assertEquals("strategy name '" + bad + "' is not a Java class name: use a letter, then letters, digits or underscores",
					message);
		}
		assertEquals("no strategy name given", assertThrows(IllegalArgumentException.class, () -> StrategyNames.check(" "))
				.getMessage());
	}
}
