package io.backstop.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.backstop.data.OhlcvSeries;
import io.backstop.data.SampleData;
import io.backstop.data.SyntheticSeries;
import io.backstop.indicators.IndicatorCache;

/**
 * Every built-in strategy gives the trades and final equity it gave when these figures were
 * recorded: every combination of its default grid on the bundled sample, every fifth on a
 * 125,000-bar synthetic series, default run settings, each run as a sweep runs it
 * ({@link Strategy#runForFigures}, indicators shared through a cache). A line per combination:
 * series, strategy, parameters, trade count, final equity, Sharpe, a SHA-256 of every trade's
 * side, bars, prices, quantity, pnl, fees and exit reason as binary numbers (or the refusal of an
 * invalid combination). {@code -Dgolden.record=true} writes the file anew from the engine of the day.
 */
class GoldenResultsTest {

	static final Path FILE = Path.of("src/test/resources/golden/engine-results.tsv");
	static final int SYNTHETIC_BARS = 125_000;
	static final int SYNTHETIC_STRIDE = 5;

	@Test
	void everyStrategyGivesTheRecordedTradesAndEquity() throws IOException {
		List<String> now = compute();
		if (Boolean.getBoolean("golden.record")) {
			Files.write(FILE, now, StandardCharsets.UTF_8);
		}
		List<String> recorded = Files.readAllLines(FILE, StandardCharsets.UTF_8);
		assertEquals(recorded.size(), now.size(), "combinations");
		int differing = 0;
		StringBuilder first = new StringBuilder();
		for (int k = 0; k < recorded.size(); k++) {
			if (!same(recorded.get(k), now.get(k))) {
				if (differing++ < 5) {
					first.append("\n  recorded ").append(recorded.get(k)).append("\n  now      ").append(now.get(k));
				}
			}
		}
		assertEquals(0, differing, differing + " of " + recorded.size() + " combinations differ:" + first);
		assertTrue(recorded.size() > 5_000, "a dense grid: " + recorded.size());
	}

	/** Equal fields; the Sharpe ratio (a sum over every bar) within 1e-9 relative. */
	private static boolean same(String recorded, String now) {
		String[] a = recorded.split("\t");
		String[] b = now.split("\t");
		if (a.length != b.length) {
			return false;
		}
		for (int f = 0; f < a.length; f++) {
			if (f == 5 && a.length == 7) {
				double x = Double.parseDouble(a[f]);
				double y = Double.parseDouble(b[f]);
				if (!(Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x)))) {
					return false;
				}
			} else if (!a[f].equals(b[f])) {
				return false;
			}
		}
		return true;
	}

	static List<String> compute() throws IOException {
		List<String> lines = new ArrayList<>();
		Map<String, OhlcvSeries> series = new LinkedHashMap<>();
		series.put("sample", SampleData.loadBtcusdt5m());
		series.put("synthetic", SyntheticSeries.generate(7, SYNTHETIC_BARS));
		RunSettings settings = RunSettings.defaults();
		for (Map.Entry<String, OhlcvSeries> s : series.entrySet()) {
			int stride = s.getKey().equals("sample") ? 1 : SYNTHETIC_STRIDE;
			IndicatorCache cache = new MemoryIndicatorCache();
			for (Strategy strategy : BuiltIns.registry().all()) {
				List<Parameters> grid = BuiltIns.defaultGrid(strategy);
				for (int k = 0; k < grid.size(); k += stride) {
					Parameters p = grid.get(k);
					String head = s.getKey() + "\t" + strategy.id() + "\t" + p;
					try {
						BacktestResult r = strategy.runForFigures(s.getValue(), p, settings, CancellationToken.NONE, cache);
						lines.add(head + "\t" + r.trades().size() + "\t" + r.finalEquity() + "\t" + r.metrics().sharpe()
								+ "\t" + digest(r.trades()));
					} catch (IllegalArgumentException invalid) {
						lines.add(head + "\trefused: " + invalid.getMessage());
					}
				}
			}
		}
		return lines;
	}

	static String digest(List<Trade> trades) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			ByteBuffer b = ByteBuffer.allocate(64);
			for (Trade t : trades) {
				b.clear();
				b.putInt(t.side().ordinal()).putInt(t.entryBar()).putInt(t.exitBar()).putDouble(t.entryPrice())
						.putDouble(t.exitPrice()).putDouble(t.quantity()).putDouble(t.pnl()).putDouble(t.fees())
						.putInt(t.exitReason().ordinal());
				sha.update(b.array(), 0, b.position());
			}
			return HexFormat.of().formatHex(sha.digest(), 0, 12);
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
