package io.backstop.run.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Trade;
import io.backstop.run.ResultRow;

/**
 * Result rows and a run's trades as CSV files a spreadsheet reads: a header, one line per row or
 * trade, full-precision numbers, ISO-8601 UTC times, an empty field for a figure that is not a
 * number. A file is written beside its target and moved over it, so a failed export leaves no half file.
 */
final class CsvExport {

	private static final List<String> SETTINGS = List.of("capital", "fees_bps", "slippage_bps", "sizing", "sizing_value",
			"shorts", "ruin");

	private CsvExport() {
	}

	/** Every row: its number, run, strategy, data set and status, every parameter and figure any row has, its settings. */
	static void results(List<ResultRow> rows, Path file) throws IOException {
		Set<String> parameters = new LinkedHashSet<>();
		Set<String> figures = new LinkedHashSet<>();
		for (ResultRow row : rows) {
			parameters.addAll(row.parameters().asMap().keySet());
			figures.addAll(row.figures().keySet());
		}
		List<String> header = new ArrayList<>(List.of("number", "run", "strategy", "data_set", "status"));
		header.addAll(parameters);
		header.addAll(figures);
		header.addAll(SETTINGS);
		write(file, header, out -> {
			for (ResultRow row : rows) {
				List<String> fields = new ArrayList<>(List.of(Integer.toString(row.number()), row.origin(),
						row.strategyId(), row.series().name(), row.status()));
				parameters.forEach(name -> fields.add(row.parameters().has(name) ? number(row.parameters().getDouble(name)) : ""));
				figures.forEach(name -> fields.add(number(row.figure(name))));
				fields.addAll(settings(row.settings()));
				line(out, fields);
			}
		});
	}

	/** A run's trades, in the order they closed. */
	static void trades(BacktestResult result, Path file) throws IOException {
		write(file, List.of("side", "entry_time", "exit_time", "entry_price", "exit_price", "quantity", "pnl", "return",
				"fees", "exit_reason"), out -> {
					for (Trade t : result.trades()) {
						line(out, List.of(t.side().name().toLowerCase(Locale.ROOT), time(t.entryTime()), time(t.exitTime()),
								number(t.entryPrice()), number(t.exitPrice()), number(t.quantity()), number(t.pnl()),
								number(t.netReturn()), number(t.fees()), String.valueOf(t.exitReason()).toLowerCase(Locale.ROOT)));
					}
				});
	}

	private static List<String> settings(RunSettings s) {
		return List.of(number(s.initialCapital()), number(s.feesBps()), number(s.slippageBps()),
				s.sizing().name().toLowerCase(Locale.ROOT), number(s.sizingValue()), Boolean.toString(s.allowShort()),
				s.ruin().name().toLowerCase(Locale.ROOT));
	}

	@FunctionalInterface
	private interface Lines {
		void write(BufferedWriter out) throws IOException;
	}

	private static void write(Path file, List<String> header, Lines lines) throws IOException {
		Path parent = file.toAbsolutePath().getParent();
		Files.createDirectories(parent);
		Path partial = Files.createTempFile(parent, file.getFileName().toString(), ".part");
		try {
			try (BufferedWriter out = Files.newBufferedWriter(partial)) {
				line(out, header);
				lines.write(out);
			}
			Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		} finally {
			Files.deleteIfExists(partial);
		}
	}

	private static void line(BufferedWriter out, List<String> fields) throws IOException {
		for (int i = 0; i < fields.size(); i++) {
			if (i > 0) {
				out.write(',');
			}
			out.write(quoted(fields.get(i)));
		}
		out.write('\n');
	}

	private static String quoted(String field) {
		if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0) {
			return field;
		}
		return '"' + field.replace("\"", "\"\"") + '"';
	}

	private static String number(double value) {
		if (!Double.isFinite(value)) {
			return "";
		}
		return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
	}

	private static String time(long epochMillis) {
		return Instant.ofEpochMilli(epochMillis).toString();
	}
}
