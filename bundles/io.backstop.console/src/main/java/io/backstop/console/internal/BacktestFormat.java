package io.backstop.console.internal;

import java.util.Locale;
import java.util.Map;

import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.Metrics;
import io.backstop.backtest.ParameterSpec;
import io.backstop.backtest.Strategy;
import io.backstop.data.OhlcvSeries;

/** Strategies, series and backtest results as console text. */
final class BacktestFormat {

	private BacktestFormat() {
	}

	/** A strategy: its id and name, its rules, and its parameters with types, bounds, defaults and sweep ranges. */
	static String strategy(Strategy strategy) {
		StringBuilder out = new StringBuilder();
		out.append(strategy.id()).append(" - ").append(strategy.displayName()).append('\n');
		if (!strategy.description().isBlank()) {
			out.append("  ").append(strategy.description().strip().replaceAll("\\s+", " ")).append('\n');
		}
		TextTable table = TextTable.of("parameter", "type", ">default", ">min", ">max", "default sweep", ">values",
				"description");
		for (ParameterSpec p : strategy.parameters()) {
			table.row(p.name(), p.type().name().toLowerCase(Locale.ROOT), p.format(p.defaultValue()),
					p.format(p.min()), p.format(p.max()),
					p.format(p.sweepStart()) + ":" + p.format(p.sweepStop()) + ":" + p.format(p.sweepStep()),
					p.sweepValues().length, p.description());
		}
		for (String line : table.render().split("\n")) {
			out.append("  ").append(line).append('\n');
		}
		return out.toString();
	}

	/** {@code BTCUSDT_5m: 25,920 bars of 5m, 2025-04-03 17:05 to 2025-07-02 17:00 UTC}. */
	static String series(OhlcvSeries series) {
		if (series.isEmpty()) {
			return series.name() + ": no bars";
		}
		return series.name() + ": " + Units.count(series.size()) + " bars of " + Units.interval(series.barIntervalMillis())
				+ ", " + Units.minute(series.firstTimestamp()) + " to " + Units.minute(series.lastTimestamp()) + " UTC";
	}

	/** A backtest's outcome: what ran, how it ended, and its metrics. */
	static String result(Strategy strategy, OhlcvSeries series, BacktestResult result, long millis) {
		StringBuilder out = new StringBuilder();
		out.append(strategy.id()).append(" on ").append(series.name()).append(": ").append(result.status())
				.append(", ").append(Units.count(result.barsProcessed())).append(" of ").append(Units.count(series.size()))
				.append(" bars in ").append(Units.millis(millis)).append('\n');
		out.append("parameters: ").append(result.parameters()).append('\n');
		Metrics m = result.metrics();
		TextTable table = TextTable.of("metric", ">value");
		table.row("final equity", String.format(Locale.ROOT, "%,.2f", m.finalEquity()));
		table.row("total return", Units.percent(m.totalReturn()));
		table.row("cagr", Units.percent(m.cagr()));
		table.row("sharpe", Units.number(m.sharpe()));
		table.row("sortino", Units.number(m.sortino()));
		table.row("calmar", Units.number(m.calmar()));
		table.row("max drawdown", Units.percent(m.maxDrawdown()));
		table.row("volatility", Units.percent(m.volatility()));
		table.row("trades", m.tradeCount());
		table.row("win rate", Units.percent(m.winRate()));
		table.row("profit factor", Units.number(m.profitFactor()));
		table.row("expectancy", Units.number(m.expectancy()));
		for (Map.Entry<String, Double> extra : result.extras().entrySet()) {
			table.row(extra.getKey(), Units.number(extra.getValue()));
		}
		out.append(table.render());
		return out.toString();
	}
}
