package io.backstop.app.model;

import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * What the Results view shows of each row: its columns as people read them, the tooltip that
 * says why a figure is missing, and the order each column sorts in (numbers numerically).
 */
public final class ResultsTable {

	/**
	 * One column.
	 *
	 * @param header  its title
	 * @param numeric right-aligned, sorted as a number
	 * @param width   its initial width in pixels
	 * @param text    a row's cell
	 * @param tooltip why a row's cell reads {@link Format#MISSING}, or null
	 * @param order   ascending order of rows by this column
	 */
	public record Column(String header, boolean numeric, int width, Function<RunRecord, String> text,
			Function<RunRecord, String> tooltip, Comparator<RunRecord> order) {
	}

	public static final List<Column> COLUMNS = List.of(
			new Column("#", true, 45, r -> Integer.toString(r.number()), r -> null,
					Comparator.comparingInt(RunRecord::number)),
			text("Status", 120, RunRecord::status),
			metric("Return", 80, Figures::totalReturn, Format::percent, "No bars were simulated"),
			metric("Sharpe", 65, Figures::sharpe, Format::ratio, "The returns did not vary: the Sharpe ratio is not defined"),
			metric("Max DD", 75, Figures::maxDrawdown, Format::percent, "No bars were simulated"),
			metric("Trades", 60, Figures::trades, v -> Format.count(Math.round(v)), "The trades were not counted"),
			metric("Win rate", 75, Figures::winRate, Format::percent, "No trade closed: the win rate is not defined"),
			metric("Profit factor", 90, Figures::profitFactor, Format::ratio,
					"No trade closed: the profit factor is not defined"),
			metric("Final equity", 95, Figures::finalEquity, Format::money, "The final equity was not recorded"),
			text("Settings", 300, r -> SettingsText.brief(r.settings())),
			text("Parameters", 300, r -> r.parameters().toString()),
			text("Strategy", 120, RunRecord::strategyId),
			text("Run", 260, RunRecord::origin));

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

	/** The line above the charts: which row, with what settings, and how it ended. */
	public static String describe(RunRecord row) {
		return "#" + row.number() + " " + row.strategyId() + " (" + row.parameters() + "), " + row.status() + "; "
				+ SettingsText.full(row.settings());
	}

	private static Column text(String header, int width, Function<RunRecord, String> text) {
		return new Column(header, false, width, text, r -> null, Comparator.comparing(text, String.CASE_INSENSITIVE_ORDER));
	}

	/**
	 * A figure of the row's {@link Figures}: NaN sorts below every number, and a figure that is
	 * not a number reads {@link Format#MISSING} with a tooltip saying why ({@code whyUndefined}
	 * for NaN; an infinite one is unbounded, a profit factor without a losing trade).
	 */
	private static Column metric(String header, int width, ToDoubleFunction<Figures> value, Function<Double, String> format,
			String whyUndefined) {
		return new Column(header, true, width, r -> {
			double v = value.applyAsDouble(r.figures());
			return Format.finite(v) ? format.apply(v) : Format.MISSING;
		}, r -> {
			double v = value.applyAsDouble(r.figures());
			if (Format.finite(v)) {
				return null;
			}
			return Double.isNaN(v) ? whyUndefined : header + " is unbounded (" + (v > 0 ? "+" : "-") + "infinity): nothing to divide by";
		}, Comparator.comparingDouble(r -> {
			double v = value.applyAsDouble(r.figures());
			return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
		}));
	}
}
