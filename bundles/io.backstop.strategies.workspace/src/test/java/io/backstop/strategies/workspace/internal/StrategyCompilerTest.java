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
import java.time.Duration;
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

	private final StrategyCompiler compiler = compilerWithBudget(Duration.ofMinutes(5));

	private static StrategyCompiler compilerWithBudget(Duration budget) {
		return new StrategyCompiler(ToolProvider.getSystemJavaCompiler(), apiClassPath(),
				StrategyCompilerTest.class.getClassLoader(), new RunBudget(budget));
	}

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
	void aReferenceOutsideTheStrategyApiIsRefusedBeforeTheClassLoads() throws Exception {
		String reachesInside = StrategyNames.template("Inside").replace("double stopPct = p.getDouble(\"stop_loss_pct\");",
				"double stopPct = p.getDouble(\"stop_loss_pct\"); io.backstop.backtest.internal.FixedStrategyRegistry.class.getName();");
		Path file = write("Inside", reachesInside);
		long line = lineOf(reachesInside, "FixedStrategyRegistry");
		StrategyCompiler.Outcome outcome = compiler.compile(file, "Inside");
		assertNull(outcome.strategy());
		assertEquals(List.of("Inside.java: line " + line + ": uses io.backstop.backtest.internal.FixedStrategyRegistry"
				+ " (Backstop's internals are not allowed in strategies: only the strategy API io.backstop.backtest,"
				+ " io.backstop.data, io.backstop.indicators)"),
				outcome.problems().stream().map(CompileProblem::inFile).toList());
	}

	/** The template with {@code statement} added where the rules start. */
	private static String templateWith(String name, String statement) {
		return StrategyNames.template(name).replace("int fastPeriod = p.getInt(\"fast_period\");",
				statement + " int fastPeriod = p.getInt(\"fast_period\");");
	}

	private static long lineOf(String source, String text) {
		return source.lines().takeWhile(l -> !l.contains(text)).count() + 1;
	}

	private List<String> refusals(String name, String source) throws Exception {
		StrategyCompiler.Outcome outcome = compiler.compile(write(name, source), name);
		assertNull(outcome.strategy(), name + " must not load");
		return outcome.problems().stream().map(CompileProblem::inFile).toList();
	}

	@Test
	void codeThatReadsAFileOpensASocketOrStartsAThreadIsRefused() throws Exception {
		String reads = templateWith("Reader", "try { java.nio.file.Files.readString(java.nio.file.Path.of(\"/etc/passwd\")); }"
				+ " catch (java.io.IOException e) { throw new IllegalStateException(e); }");
		long line = lineOf(reads, "/etc/passwd");
		List<String> readRefusals = refusals("Reader", reads);
		assertTrue(readRefusals.contains("Reader.java: line " + line + ": uses java.nio.file.Files (file access is not"
				+ " allowed in strategies)"), readRefusals.toString());
		assertTrue(readRefusals.contains("Reader.java: line " + line + ": uses java.io.IOException (file access is not"
				+ " allowed in strategies)"), readRefusals.toString());

		assertEquals(List.of("Opener.java: line " + line + ": uses java.io.File (file access is not allowed in strategies)"),
				refusals("Opener", templateWith("Opener", "new java.io.File(\"/tmp/x\").delete();")));

		String socket = templateWith("Socket", "try (java.net.Socket s = new java.net.Socket(\"127.0.0.1\", 80)) { }"
				+ " catch (Exception e) { }");
		List<String> socketRefusals = refusals("Socket", socket);
		assertTrue(socketRefusals.contains("Socket.java: line " + line + ": uses java.net.Socket (network access is not"
				+ " allowed in strategies)"), socketRefusals.toString());

		assertEquals(List.of("Spawner.java: line " + line + ": uses java.lang.Thread (threads are not allowed in strategies)"),
				refusals("Spawner", templateWith("Spawner", "new Thread(() -> { }).start();")));
		assertEquals(List.of("Pool.java: line " + line + ": uses java.util.concurrent.Executors (threads are not allowed"
				+ " in strategies)", "Pool.java: line " + line + ": uses java.util.concurrent.ExecutorService (threads are"
						+ " not allowed in strategies)"),
				refusals("Pool", templateWith("Pool", "java.util.concurrent.Executors.newFixedThreadPool(2).shutdown();")));
	}

	@Test
	void exitReflectionProcessesAndConsoleOutputAreRefused() throws Exception {
		long line = lineOf(templateWith("X", "X"), "int fastPeriod");
		assertEquals(List.of("Quitter.java: line " + line + ": uses java.lang.System.exit (processes and control of the JVM"
				+ " are not allowed in strategies)"), refusals("Quitter", templateWith("Quitter", "System.exit(1);")));
		assertEquals(List.of("Printer.java: line " + line + ": uses java.lang.System.out (console output is not allowed"
				+ " in strategies)", "Printer.java: line " + line + ": uses java.io.PrintStream (file access is not"
						+ " allowed in strategies)"),
				refusals("Printer", templateWith("Printer", "System.out.println(\"hi\");")));
		List<String> reflective = refusals("Reflector", templateWith("Reflector",
				"try { Class.forName(\"java.lang.Runtime\"); } catch (ClassNotFoundException e) { }"));
		assertTrue(reflective.contains("Reflector.java: line " + line + ": uses java.lang.Class.forName (reflection and"
				+ " class loading are not allowed in strategies)"), reflective.toString());
		assertEquals(List.of("Shell.java: line " + line + ": uses java.lang.Runtime (processes and control of the JVM are"
				+ " not allowed in strategies)"),
				refusals("Shell", templateWith("Shell", "Runtime.getRuntime().availableProcessors();")));
		assertEquals(List.of("Env.java: line " + line + ": uses java.lang.System.getenv (reading the environment or"
				+ " system properties is not allowed in strategies)"),
				refusals("Env", templateWith("Env", "System.getenv(\"HOME\");")));
	}

	@Test
	void aFieldOfAForbiddenTypeIsRefusedAtItsDeclaration() throws Exception {
		String source = StrategyNames.template("Holder").replace("public Holder() {",
				"private final java.io.File log = null;\n\n\tpublic Holder() {");
		long line = lineOf(source, "java.io.File log");
		assertEquals(List.of("Holder.java: line " + line + ": uses java.io.File (file access is not allowed in strategies)"),
				refusals("Holder", source));
	}

	@Test
	void collectionsFunctionsStreamsLambdasRecordsAndMathAreAllowed() throws Exception {
		String source = templateWith("Allowed", "java.util.List<Integer> xs = new java.util.ArrayList<>(java.util.List.of(3, 1, 2));"
				+ " java.util.Collections.sort(xs); java.util.Map<String, Double> m = new java.util.HashMap<>();"
				+ " m.merge(\"a\", Math.sqrt(xs.get(0)), Double::sum);"
				+ " java.util.function.IntUnaryOperator twice = v -> v * 2;"
				+ " int total = java.util.stream.IntStream.range(0, 4).map(twice).sum();"
				+ " record Pair(int a, double b) { } Pair pair = new Pair(total, m.get(\"a\"));"
				+ " String text = \"pair \" + pair + String.format(java.util.Locale.ROOT, \"%.2f\", pair.b());"
				+ " if (text.isEmpty() || java.util.Arrays.stream(new double[] { 1, 2 }).max().isEmpty()) {"
				+ " throw new IllegalStateException(new StringBuilder(text).reverse().toString()); }");
		StrategyCompiler.Outcome outcome = compiler.compile(write("Allowed", source), "Allowed");
		assertEquals(List.of(), outcome.problems());
		assertTrue(outcome.strategy().run(SyntheticSeries.generate(1, 2_000), Parameters.empty(), RunSettings.defaults(),
				CancellationToken.NONE).trades().size() > 0);
	}

	@Test
	void aLoopThatNeverReturnsEndsWhenItsThreadIsInterrupted() throws Exception {
		assertAbandonedWhenInterrupted("Spinner", StrategyNames.template("Spinner").replace("out.entry(i, cross(fast, slow, i));",
				"while (fast.length > 0) { i = i + 0; } out.entry(i, cross(fast, slow, i));"));
	}

	@Test
	void aLoopThatCatchesThrowableOrErrorIsStillAbandoned() throws Exception {
		assertAbandonedWhenInterrupted("CatchThrowable", templateWith("CatchThrowable",
				"int n = 0; while (p != null) { try { while (p != null) { n++; } } catch (Throwable t) { n--; } }"));
		assertAbandonedWhenInterrupted("CatchError", templateWith("CatchError",
				"int n = 0; while (p != null) { try { while (p != null) { n++; } } catch (Error e) { n--; } }"));
		// the guard's error is an Error of a type strategy code cannot name; catching every Error is the closest
		assertAbandonedWhenInterrupted("CatchEach", templateWith("CatchEach",
				"int n = 0; while (p != null) { try { n++; } catch (StackOverflowError e) { n--; } catch (Error e) { n++; } }"));
	}

	@Test
	void aFinallyThatContinuesIsStillAbandoned() throws Exception {
		assertAbandonedWhenInterrupted("FinallyContinue", templateWith("FinallyContinue",
				"int n = 0; while (p != null) { try { while (p != null) { n++; } } finally { continue; } }"));
	}

	@Test
	void nestedLoopsEachSwallowingEverythingAreStillAbandoned() throws Exception {
		assertAbandonedWhenInterrupted("Nested", templateWith("Nested", "int n = 0; while (p != null) { try {"
				+ " for (int k = 0; p != null; k++) { try { while (p != null) { n++; } } catch (Throwable t) { n--; } }"
				+ " } catch (Throwable t) { n++; } finally { n--; } }"));
	}

	@Test
	void aLoopInsideACatchHandlerIsStillAbandoned() throws Exception {
		assertAbandonedWhenInterrupted("InHandler", templateWith("InHandler", "int n = 0; while (p != null) {"
				+ " try { n = n / (n - n); } catch (ArithmeticException e) { while (p != null) { try { n++; }"
				+ " catch (Throwable t) { n--; } } } }"));
	}

	@Test
	void recursionThatCatchesItsOwnOverflowIsAbandoned() throws Exception {
		// exponential in the stack's depth, without a single backward jump
		String source = templateWith("Recurse", "spin(0);").replace("public Recurse() {",
				"private static int spin(int n) { try { return spin(n + 1); } catch (Throwable t) { return spin(n + 1); } }"
						+ "\n\n\tpublic Recurse() {");
		assertAbandonedWhenInterrupted("Recurse", source);
	}

	@Test
	void anEndlessStreamFedByALambdaIsAbandonedEvenWhenTheErrorIsSwallowed() throws Exception {
		// the loop is the JDK's; the guard at the lambda's entry ends it, and a run that swallowed it still fails
		assertAbandonedWhenInterrupted("Endless", templateWith("Endless",
				"try { java.util.stream.IntStream.iterate(0, k -> k + 1).forEach(k -> { }); } catch (Throwable t) { }"));
	}

	/**
	 * Runs {@code source}'s strategy on a thread of its own: it must still be running after 200 ms, and
	 * once its thread is interrupted end within a second with the guard's error.
	 */
	private void assertAbandonedWhenInterrupted(String name, String source) throws Exception {
		StrategyCompiler.Outcome outcome = compiler.compile(write(name, source), name);
		assertEquals(List.of(), outcome.problems(), name);
		Strategy spinner = outcome.strategy();
		java.util.concurrent.CompletableFuture<Throwable> ended = new java.util.concurrent.CompletableFuture<>();
		Thread runner = new Thread(() -> {
			try {
				spinner.run(SyntheticSeries.generate(1, 2_000), Parameters.empty(), RunSettings.defaults(),
						CancellationToken.NONE);
				ended.complete(null);
			} catch (Throwable t) {
				ended.complete(t);
			}
		}, name);
		runner.setDaemon(true);
		runner.start();
		Thread.sleep(200);
		assertFalse(ended.isDone(), name + " spins");
		runner.interrupt();
		Throwable thrown = ended.get(1, java.util.concurrent.TimeUnit.SECONDS);
		assertEquals(StrategyAbandoned.class, thrown == null ? null : thrown.getClass(), name + ": " + thrown);
		runner.join(1_000);
		assertFalse(runner.isAlive(), name);
	}

	@Test
	void aRunPastItsTimeBudgetFailsSayingSoAndLeavesItsThreadToServeTheNextRun() throws Exception {
		StrategyCompiler budgeted = compilerWithBudget(Duration.ofMillis(300));
		Strategy spinner = budgeted.compile(write("Budgeted", StrategyNames.template("Budgeted").replace(
				"out.entry(i, cross(fast, slow, i));", "while (fast.length > 0) { i = i + 0; } out.entry(i, cross(fast, slow, i));")),
				"Budgeted").strategy();
		OhlcvSeries series = SyntheticSeries.generate(1, 2_000);
		long start = System.nanoTime();
		StrategyFault overrun = assertThrows(StrategyFault.class,
				() -> spinner.run(series, Parameters.empty(), RunSettings.defaults(), CancellationToken.NONE));
		double seconds = (System.nanoTime() - start) / 1e9;
		assertEquals("strategy budgeted ran past its time budget of 300 ms and was abandoned", overrun.getMessage());
		assertTrue(seconds >= 0.3 && seconds < 2, "abandoned at its budget: " + seconds + " s");
		assertFalse(Thread.currentThread().isInterrupted(), "the interrupt that abandoned it is cleared");

		Strategy template = budgeted.compile(write("InBudget", StrategyNames.template("InBudget")), "InBudget").strategy();
		assertTrue(template.run(series, Parameters.empty(), RunSettings.defaults(), CancellationToken.NONE).trades().size() > 0,
				"the same thread runs the next strategy normally");
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
