package io.backstop.app.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.backstop.backtest.Parameters;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Sizing;
import io.backstop.data.OhlcvSeries;
import io.backstop.run.ResultRow;
import io.backstop.run.RunKind;

/** What the Results view shows of a row, and the order of its columns. */
class ResultsTableTest {

	private static final OhlcvSeries BARS = new OhlcvSeries("BTCUSDT", "test", new long[] { 0, 300_000 },
			new double[] { 1, 1 }, new double[] { 1, 1 }, new double[] { 1, 1 }, new double[] { 1, 1 }, new double[] { 1, 1 });

	private static ResultRow row(int number, RunSettings settings, Map<String, Double> figures) {
		return new ResultRow(number, "sweep-1", RunKind.SWEEP, "sweep 1", "bollinger_zscore",
				Parameters.of("bb_period", 20 + number), settings, "completed", figures, BARS, 0, null);
	}

	/** A row with the figures a backtest records. */
	private static ResultRow row(int number, double totalReturn, double sharpe, double profitFactor) {
		return row(number, RunSettings.defaults(), Map.of("total_return", totalReturn, "sharpe", sharpe, "max_drawdown", 0.1234,
				"trade_count", 17.0, "win_rate", 0.5, "profit_factor", profitFactor, "final_equity", 10_000 * (1 + totalReturn)));
	}

	private static String cell(String column, ResultRow row) {
		return ResultsTable.COLUMNS.get(ResultsTable.index(column)).text().apply(row);
	}

	private static String tooltip(String column, ResultRow row) {
		return ResultsTable.COLUMNS.get(ResultsTable.index(column)).tooltip().apply(row);
	}

	@Test
	void figuresReadAsPeopleWriteThem() {
		ResultRow row = row(3, -0.123456, 1.1749, 1.5);
		assertEquals("-12.35 %", cell("Return", row));
		assertEquals("1.17", cell("Sharpe", row));
		assertEquals("12.34 %", cell("Max DD", row));
		assertEquals("17", cell("Trades", row));
		assertEquals("50.00 %", cell("Win rate", row));
		assertEquals("8,765.44", cell("Final equity", row));
		assertEquals("capital 10,000.00 · fees 10 bps · slippage 5 bps · fraction of equity 1 · long and short · ruin stops",
				cell("Settings", row));
		assertNull(tooltip("Sharpe", row), "a figure that is there needs no explanation");
	}

	@Test
	void aSweepRowSaysHowManyCombinationsGaveItsOutcome() {
		ResultRow shared = row(8, RunSettings.defaults(), Map.of("sharpe", 1.0, "same_outcome", 1_240.0));
		assertEquals("1,240 combos", cell("Same outcome", shared));
		assertEquals("1,240 combinations of this sweep gave these same trades and final equity; the row shows the first "
				+ "of them, and the sweep kept this outcome once", tooltip("Same outcome", shared));
		ResultRow unique = row(9, RunSettings.defaults(), Map.of("sharpe", 1.0, "same_outcome", 1.0));
		assertEquals("unique", cell("Same outcome", unique));
		ResultRow backtest = row(10, 0.1, 1.0, 1.5);
		assertEquals("", cell("Same outcome", backtest), "a backtest is one combination");
		assertNull(tooltip("Same outcome", backtest));
		List<ResultRow> rows = new ArrayList<>(List.of(shared, backtest, unique));
		rows.sort(ResultsTable.COLUMNS.get(ResultsTable.index("Same outcome")).order());
		assertEquals(List.of(backtest, unique, shared), rows);
	}

	@Test
	void theAddedColumnsShowCagrSortinoCalmarExposureAverageTradeAndTheDataSet() {
		ResultRow row = row(5, RunSettings.defaults(), Map.of("cagr", 0.4321, "sortino", 2.346, "calmar", 1.5,
				"exposure", 0.25, "average_trade", -0.0125));
		assertEquals("43.21 %", cell("CAGR", row));
		assertEquals("2.35", cell("Sortino", row));
		assertEquals("1.50", cell("Calmar", row));
		assertEquals("25.00 %", cell("Exposure", row));
		assertEquals("-1.25 %", cell("Avg trade", row));
		assertEquals("BTCUSDT", cell("Data set", row));
		ResultRow unrecorded = row(6, RunSettings.defaults(), Map.of());
		assertEquals("\u2014", cell("Exposure", unrecorded));
		assertEquals("The share of bars in a position is not recorded for this run", tooltip("Exposure", unrecorded));
		ResultRow sweep = row(7, RunSettings.defaults(), Map.of("cagr_pct", 43.21, "exposure_pct", 25.0, "avg_trade_pct", 1.5));
		assertEquals("43.21 %", cell("CAGR", sweep), "a sweep records percent");
		assertEquals("25.00 %", cell("Exposure", sweep));
		assertEquals("1.50 %", cell("Avg trade", sweep));
		assertTrue(ResultsTable.hideable(ResultsTable.COLUMNS.get(ResultsTable.index("Calmar"))));
		assertFalse(ResultsTable.hideable(ResultsTable.COLUMNS.get(ResultsTable.index("#"))));
	}

	@Test
	void aSweepsFiguresReadTheSame() {
		ResultRow sweep = row(1, RunSettings.defaults().withCapital(20_000),
				Map.of("sharpe", 3.9128158251967395, "max_drawdown_pct", 7.5, "trades", 4.0, "final_equity", 25_000.0));
		assertEquals("25.00 %", cell("Return", sweep), "from the final equity and the capital");
		assertEquals("3.91", cell("Sharpe", sweep));
		assertEquals("7.50 %", cell("Max DD", sweep));
		assertEquals("4", cell("Trades", sweep));
	}

	@Test
	void aFigureThatIsNotANumberReadsADashAndItsTooltipSaysWhy() {
		ResultRow row = row(1, 0.02, Double.NaN, Double.POSITIVE_INFINITY);
		assertEquals("\u2014", cell("Sharpe", row));
		assertEquals("The returns did not vary: the Sharpe ratio is not defined", tooltip("Sharpe", row));
		assertEquals("\u2014", cell("Profit factor", row));
		assertEquals("Profit factor is unbounded (+infinity): nothing to divide by", tooltip("Profit factor", row));
		ResultRow unrecorded = row(2, RunSettings.defaults(), Map.of("sharpe", 1.0));
		assertEquals("\u2014", cell("Win rate", unrecorded));
		assertEquals("\u2014", cell("Return", unrecorded));
	}

	@Test
	void numbersSortNumericallyAndMissingFiguresSortBelowEveryNumber() {
		List<ResultRow> rows = new ArrayList<>(List.of(row(1, 0.1, 9.5, 1), row(2, 0.1, 10.25, 1), row(3, 0.1, Double.NaN, 1),
				row(4, 0.1, -2, 1)));
		rows.sort(ResultsTable.COLUMNS.get(ResultsTable.index("Sharpe")).order());
		assertEquals(List.of(3, 4, 1, 2), rows.stream().map(ResultRow::number).toList(), "not \"10.25\" before \"9.5\"");
		rows.sort(ResultsTable.COLUMNS.get(ResultsTable.index("#")).order().reversed());
		assertEquals(List.of(4, 3, 2, 1), rows.stream().map(ResultRow::number).toList());
	}

	@Test
	void theDetailLineNamesTheRowHowItEndedAndItsSettings() {
		ResultRow row = row(2, RunSettings.defaults().withCapital(20_000).withSizing(Sizing.FIXED_NOTIONAL, 5_000)
				.withAllowShort(false), Map.of());
		assertEquals("#2 bollinger_zscore (bb_period=22), completed · capital 20,000.00 · fees 10 bps · slippage 5 bps · "
				+ "fixed notional 5,000.00 · long only · ruin stops", ResultsTable.describe(row));
	}
}
