package io.backstop.app.model;

import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import io.backstop.run.Formats;
import io.backstop.run.ResultRow;
import io.backstop.sweep.SweepMetrics;

/**
 * What the Results view shows of each row: its columns as people read them, the tooltip that
 * says why a figure is missing, and the order each column sorts in (numbers numerically).
 */
public final class ResultsTable {

	/** Shown in place of a figure that is not a number (NaN, infinite); the cell's tooltip says why. */
	public static final String MISSING = "\u2014";

	/**
	 * One column.
	 *
	 * @param header  its title
	 * @param numeric right-aligned, sorted as a number
	 * @param width   its initial width in pixels
	 * @param text    a row's cell
	 * @param tooltip why a row's cell reads {@link #MISSING}, or null
	 * @param order   ascending order of rows by this column
	 */
	public record Column(String header, boolean numeric, int width, Function<ResultRow, String> text,
			Function<ResultRow, String> tooltip, Comparator<ResultRow> order) {
	}

	public static final List<Column> COLUMNS = List.of(
			new Column("#", true, 45, r -> Integer.toString(r.number()), r -> null,
					Comparator.comparingInt(ResultRow::number)),
			text("Status", 150, ResultRow::status),
			metric("Return", 80, ResultRow::totalReturn, Formats::percent, "No bars were simulated"),
			metric("Sharpe", 65, ResultRow::sharpe, Formats::number, "The returns did not vary: the Sharpe ratio is not defined"),
			metric("Max DD", 75, ResultRow::maxDrawdown, Formats::percent, "No bars were simulated"),
			metric("Trades", 60, ResultRow::trades, Formats::number, "The trades were not counted"),
			metric("Win rate", 75, ResultRow::winRate, Formats::percent, "No trade closed: the win rate is not defined"),
			metric("Profit factor", 90, ResultRow::profitFactor, Formats::number,
					"No trade closed: the profit factor is not defined"),
			metric("Final equity", 95, ResultRow::finalEquity, Formats::money, "The final equity was not recorded"),
			metric("CAGR", 75, ResultRow::cagr, Formats::percent, "The CAGR is not recorded for this run"),
			metric("Sortino", 65, ResultRow::sortino, Formats::number,
					"Not recorded for this run, or no losing bar: the Sortino ratio is not defined"),
			metric("Calmar", 65, ResultRow::calmar, Formats::number,
					"Not recorded for this run, or no drawdown: the Calmar ratio is not defined"),
			metric("Exposure", 80, ResultRow::exposure, Formats::percent,
					"The share of bars in a position is not recorded for this run"),
			metric("Avg trade", 85, ResultRow::averageTrade, Formats::percent,
					"The mean net return per trade is not recorded for this run"),
			new Column("Same outcome", true, 105, ResultsTable::sameOutcome, ResultsTable::sameOutcomeTooltip,
					Comparator.comparingDouble(r -> sharing(r))),
			text("Data set", 140, r -> r.series().name()),
			text("Settings", 330, r -> Formats.settings(r.settings())),
			text("Parameters", 300, r -> r.parameters().toString()),
			text("Strategy", 120, ResultRow::strategyId),
			text("Run", 200, ResultRow::origin));

	/** Columns a person may hide; the others say which row it is and how it ended. */
	public static boolean hideable(Column column) {
		return !column.header().equals("#") && !column.header().equals("Status");
	}

	private ResultsTable() {
	}

	/** The column titled {@code header}. */
	public static int index(String header) {
		for (int i = 0; i < COLUMNS.size(); i++) {
			if (COLUMNS.get(i).header().equals(header)) {
				return i;
			}
		}
		throw new IllegalArgumentException("no column " + header);
	}

	/** The line above the charts: which row, how it ended, and the settings it ran with. */
	public static String describe(ResultRow row) {
		return "#" + row.number() + " " + row.strategyId() + " (" + row.parameters() + "), " + row.status() + " · "
				+ Formats.settings(row.settings());
	}

	/** How many combinations of a sweep gave a row's outcome; 0 for a row of another kind of run. */
	private static double sharing(ResultRow row) {
		double count = row.figure(SweepMetrics.SAME_OUTCOME);
		return Double.isNaN(count) ? 0 : count;
	}

	/** A sweep's row: "unique", or "20 combos" when 20 combinations gave its trades and final equity. */
	private static String sameOutcome(ResultRow row) {
		double count = sharing(row);
		return count == 0 ? "" : count == 1 ? "unique" : Formats.count((long) count) + " combos";
	}

	private static String sameOutcomeTooltip(ResultRow row) {
		double count = sharing(row);
		if (count == 0) {
			return null;
		}
		return count == 1 ? "No other combination of this sweep gave this outcome"
				: Formats.count((long) count) + " combinations of this sweep gave these same trades and final equity; "
						+ "the row shows the first of them, and the sweep kept this outcome once";
	}

	private static Column text(String header, int width, Function<ResultRow, String> text) {
		return new Column(header, false, width, text, r -> null, Comparator.comparing(text, String.CASE_INSENSITIVE_ORDER));
	}

	/**
	 * A figure: NaN sorts below every number, and a figure that is not a number reads
	 * {@link #MISSING} with a tooltip saying why ({@code whyUndefined} for NaN; an infinite one
	 * is unbounded, as a profit factor without a losing trade).
	 */
	private static Column metric(String header, int width, ToDoubleFunction<ResultRow> value,
			Function<Double, String> format, String whyUndefined) {
		return new Column(header, true, width, r -> {
			double v = value.applyAsDouble(r);
			return Double.isFinite(v) ? format.apply(v) : MISSING;
		}, r -> {
			double v = value.applyAsDouble(r);
			if (Double.isFinite(v)) {
				return null;
			}
			return Double.isNaN(v) ? whyUndefined
					: header + " is unbounded (" + (v > 0 ? "+" : "-") + "infinity): nothing to divide by";
		}, Comparator.comparingDouble(r -> {
			double v = value.applyAsDouble(r);
			return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
		}));
	}
}
