package io.backstop.app.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.backstop.backtest.Parameters;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Sizing;

/** What the Results view shows of a row, and the order of its columns. */
class ResultsTableTest {

	private static RunRecord row(int number, double totalReturn, double sharpe, double profitFactor) {
		return new RunRecord(number, "Sweep", "sweep 1", "bollinger_zscore", Parameters.of("bb_period", 20 + number),
				RunSettings.defaults(), "completed",
				new Figures(totalReturn, sharpe, 0.1234, 17, 0.5, profitFactor, 10_000 * (1 + totalReturn)), null, null);
	}

	private static String cell(String column, RunRecord row) {
		return ResultsTable.COLUMNS.get(ResultsTable.index(column)).text().apply(row);
	}

	private static String tooltip(String column, RunRecord row) {
		return ResultsTable.COLUMNS.get(ResultsTable.index(column)).tooltip().apply(row);
	}

	@Test
	void figuresReadAsPeopleWriteThem() {
		RunRecord row = row(3, -0.123456, 1.1749, 1.5);
		assertEquals("-12.35 %", cell("Return", row));
		assertEquals("1.17", cell("Sharpe", row));
		assertEquals("12.34 %", cell("Max DD", row));
		assertEquals("17", cell("Trades", row));
		assertEquals("50.00 %", cell("Win rate", row));
		assertEquals("8,765.44", cell("Final equity", row));
		assertEquals("10,000 · fees 10 bps · slippage 5 bps · 100 % of equity · long/short · ruin stops",
				cell("Settings", row));
		assertNull(tooltip("Sharpe", row), "a figure that is there needs no explanation");
	}

	@Test
	void aFigureThatIsNotANumberReadsADashAndItsTooltipSaysWhy() {
		RunRecord row = row(1, 0.02, Double.NaN, Double.POSITIVE_INFINITY);
		assertEquals("\u2014", cell("Sharpe", row));
		assertEquals("The returns did not vary: the Sharpe ratio is not defined", tooltip("Sharpe", row));
		assertEquals("\u2014", cell("Profit factor", row));
		assertEquals("Profit factor is unbounded (+infinity): nothing to divide by", tooltip("Profit factor", row));
	}

	@Test
	void numbersSortNumericallyAndMissingFiguresSortBelowEveryNumber() {
		List<RunRecord> rows = new ArrayList<>(List.of(row(1, 0.1, 9.5, 1), row(2, 0.1, 10.25, 1), row(3, 0.1, Double.NaN, 1),
				row(4, 0.1, -2, 1)));
		rows.sort(ResultsTable.COLUMNS.get(ResultsTable.index("Sharpe")).order());
		assertEquals(List.of(3, 4, 1, 2), rows.stream().map(RunRecord::number).toList(), "not \"10.25\" before \"9.5\"");
		rows.sort(ResultsTable.COLUMNS.get(ResultsTable.index("#")).order().reversed());
		assertEquals(List.of(4, 3, 2, 1), rows.stream().map(RunRecord::number).toList());
	}

	@Test
	void theDetailLineNamesTheRowItsParametersAndItsSettings() {
		RunRecord row = row(2, 0.1, 1, 1);
		RunRecord halfNotional = new RunRecord(2, row.kind(), row.origin(), row.strategyId(), row.parameters(),
				RunSettings.defaults().withCapital(20_000).withSizing(Sizing.FIXED_NOTIONAL, 5_000).withAllowShort(false),
				row.status(), row.figures(), null, null);
		assertEquals("#2 bollinger_zscore (bb_period=22), completed; capital 20,000, fees 10 bps, slippage 5 bps, "
				+ "5,000 notional per position, no shorts, the run stops at ruin", ResultsTable.describe(halfNotional));
	}
}
