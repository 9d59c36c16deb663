package io.backstop.builder.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.backstop.builder.BuildIteration;
import io.backstop.builder.BuildRequest;
import io.backstop.run.Formats;

/**
 * What the builder says to the model. Each user message starts with the word of its step
 * ({@code Propose}, {@code Write}, {@code Fix}, {@code Analyse}), so a reader of the session's files,
 * or a scripted model, tells them apart.
 */
final class Prompts {

	private Prompts() {
	}

	/** The rules of the game: the strategy API, the sandbox, the reply formats, with the template as the example. */
	static String system(String template) {
		return """
				You design and write trading strategies for Backstop, a backtesting engine, in Java.
				A strategy is one public class extending io.backstop.backtest.RulesStrategy, with a public
				constructor without arguments that calls super(ID, NAME, DESCRIPTION, List.of(parameters...)),
				and a method `protected SignalRules rules(OhlcvSeries series, Parameters p, IndicatorLookup indicators)`.

				The API you may use:
				- ParameterSpec.ofInt(name, default, min, max, sweepStart, sweepStop, sweepStep, description) and
				  ParameterSpec.ofDouble(...) with the same arguments as doubles; RulesStrategy.stopLossPct() is a
				  ready `stop_loss_pct` parameter.
				- p.getInt(name), p.getDouble(name): the parameters of a run.
				- indicators.column(Indicators.ID, column, parameters...): one double per bar, NaN while warming up.
				  SMA(n), EMA(n), RSI(n), ATR(n): column 0. BOLLINGER(n, k): 0 upper, 1 middle, 2 lower.
				  MACD(fast, slow, signal): 0 macd, 1 signal, 2 histogram. DONCHIAN(n): 0 upper, 1 middle, 2 lower.
				  ADX(n): 0 adx, 1 +DI, 2 -DI. STOCHASTIC(n, d): 0 %K, 1 %D. SUPERTREND(n, multiplier): 0 value,
				  1 direction, 2 upper, 3 lower.
				- series.close(), open(), high(), low(), volume(): double[] per bar; series.size().
				- SignalRules: int firstBar(); void signals(int from, int to, Signals out), a loop over bars
				  from..to-1 writing out.entry(i, +1 long | -1 short | 0) and out.exit(i, closeLong, closeShort);
				  optionally double stopPrice(int i, int dir, double entryPrice), for example
				  SignalRules.percentStop(dir, entryPrice, pct).
				- helpers of RulesStrategy: cross(a, b, i) (+1 a crosses above b, -1 below, else 0),
				  firstDefined(arrays...) (the first bar where every array holds a number).
				- Throw IllegalArgumentException from rules() for a combination of parameters that makes no sense.

				Strategy code runs in a sandbox: only io.backstop.backtest, io.backstop.data, io.backstop.indicators,
				java.lang basics (Math, String, StringBuilder, boxing, exceptions) and java.util collections,
				functions and streams. No files, network, threads, System, reflection or console output: code
				that uses them is refused. A run has a time budget; rules must not allocate per bar.

				This strategy compiles and trades; write yours in the same shape:
				```java
				TEMPLATE
				```
				""".replace("TEMPLATE", template.strip());
	}

	/** The proposal of iteration {@code number}, with what earlier iterations gave. */
	static String propose(BuildRequest request, String dataName, int number, List<BuildIteration> history) {
		StringBuilder text = new StringBuilder();
		text.append("Propose the strategy of iteration ").append(number).append(" of ").append(request.iterations())
				.append(".\nObjective: ").append(request.objective()).append("\nData: ").append(dataName)
				.append("\nRanked by: ").append(request.metric().describe()).append('\n');
		if (history.isEmpty()) {
			text.append("\nThis is the first iteration.\n");
		} else {
			text.append("\nEarlier iterations:\n");
			for (BuildIteration it : history) {
				text.append(summary(it, request)).append('\n');
			}
		}
		text.append("""

				Reply with one JSON object: {"idea": "one sentence", "indicators": ["..."], "rules": "entries, \
				exits and stops in words", "parameters": [{"name": "...", "default": 0, "min": 0, "max": 0}]}""");
		return text.toString();
	}

	/** One line per earlier iteration: what it tried, what came of it, what the analysis said. */
	static String summary(BuildIteration it, BuildRequest request) {
		String line = String.format(Locale.ROOT, "%02d %s: %s", it.number(), it.outcome().label(), it.idea());
		if (!it.tested()) {
			return line + " -- " + it.reason();
		}
		return line + " -- " + figures(it.figures()) + " with " + parameters(it.parameters())
				+ (it.analysis().isEmpty() ? "" : " -- analysis: " + it.analysis());
	}

	static String write(String className, String id) {
		return "Write the strategy you proposed as the Java class " + className + " with the id \"" + id
				+ "\" (the first argument of super). Reply with the whole source file in one ```java block: imports, "
				+ "then the class; no package line.";
	}

	static String fix(List<String> problems) {
		return "Fix the source: it does not compile or uses what the sandbox refuses:\n" + String.join("\n", problems)
				+ "\nReply with the whole corrected source file in one ```java block.";
	}

	static String analyse(BuildRequest request, Map<String, Double> defaults, Map<String, Double> best,
			Map<String, Double> bestParameters, int runs) {
		return "Analyse the results and say what the next revision should change.\n"
				+ "Default parameters: " + figures(defaults) + "\n"
				+ "Best of " + Formats.count(runs) + " runs (" + request.metric().describe() + "): " + figures(best)
				+ " with " + parameters(bestParameters) + "\n"
				+ "Reply with one JSON object: {\"analysis\": \"what worked and what did not\", \"next\": \"the change to try next\"}";
	}

	/** The figures people read first, formatted for them. */
	static String figures(Map<String, Double> figures) {
		return "sharpe " + number(figures.get("sharpe")) + ", return " + number(figures.get("total_return_pct"))
				+ " %, max drawdown " + number(figures.get("max_drawdown_pct")) + " %, trades "
				+ number(figures.get("trades"));
	}

	static String parameters(Map<String, Double> parameters) {
		return parameters.isEmpty() ? "no parameters"
				: parameters.entrySet().stream().map(e -> e.getKey() + "=" + Formats.plain(e.getValue()))
						.collect(Collectors.joining(", "));
	}

	private static String number(Double value) {
		return value == null ? "—" : Formats.number(value);
	}
}
