package io.backstop.run.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

import io.backstop.backtest.Ruin;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Sizing;
import io.backstop.run.Formats;

/**
 * The settings a halted sweep ran with, so that a resume asking for others is refused before
 * anything starts: a sweep's results are only comparable under one set of settings.
 */
final class ResumeSettings {

	/** The file the sweep engine keeps a sweep's spec in, inside the sweep's directory. */
	static final String CHECKPOINT_FILE = "checkpoint.properties";

	private ResumeSettings() {
	}

	/**
	 * The settings recorded in a sweep directory's (or checkpoint file's) checkpoint.
	 *
	 * @throws NoSuchFileException when there is no checkpoint there
	 */
	static RunSettings read(Path directoryOrFile) throws IOException {
		Path file = Files.isDirectory(directoryOrFile) ? directoryOrFile.resolve(CHECKPOINT_FILE) : directoryOrFile;
		Properties p = new Properties();
		try (Reader in = Files.newBufferedReader(file)) {
			p.load(in);
		}
		try {
			return new RunSettings(number(p, file, "settings.capital"), number(p, file, "settings.fees_bps"),
					number(p, file, "settings.slippage_bps"), Sizing.valueOf(text(p, file, "settings.sizing")),
					number(p, file, "settings.sizing_value"), Boolean.parseBoolean(text(p, file, "settings.allow_short")),
					Ruin.valueOf(p.getProperty("settings.ruin", Ruin.CONTINUE.name())));
		} catch (IllegalArgumentException e) {
			throw new IOException(file + ": " + e.getMessage(), e);
		}
	}

	/** One line naming the first setting {@code asked} changes from {@code recorded}; empty when they are equal. */
	static Optional<String> difference(RunSettings recorded, RunSettings asked) {
		String setting = null;
		String there = null;
		String here = null;
		if (recorded.initialCapital() != asked.initialCapital()) {
			setting = "capital";
			there = Formats.money(recorded.initialCapital());
			here = Formats.money(asked.initialCapital());
		} else if (recorded.feesBps() != asked.feesBps()) {
			setting = "fees";
			there = Formats.plain(recorded.feesBps()) + " bps";
			here = Formats.plain(asked.feesBps()) + " bps";
		} else if (recorded.slippageBps() != asked.slippageBps()) {
			setting = "slippage";
			there = Formats.plain(recorded.slippageBps()) + " bps";
			here = Formats.plain(asked.slippageBps()) + " bps";
		} else if (recorded.sizing() != asked.sizing() || recorded.sizingValue() != asked.sizingValue()) {
			setting = "sizing";
			there = recorded.sizing().label() + " " + Formats.plain(recorded.sizingValue());
			here = asked.sizing().label() + " " + Formats.plain(asked.sizingValue());
		} else if (recorded.allowShort() != asked.allowShort()) {
			setting = "shorts";
			there = recorded.allowShort() ? "allowed" : "not allowed";
			here = asked.allowShort() ? "allowed" : "not allowed";
		} else if (recorded.ruin() != asked.ruin()) {
			setting = "ruin";
			there = recorded.ruin().name().toLowerCase(java.util.Locale.ROOT);
			here = asked.ruin().name().toLowerCase(java.util.Locale.ROOT);
		}
		return setting == null ? Optional.empty()
				: Optional.of(setting + " differs from the sweep's checkpoint: " + there + " there, " + here
						+ " asked; a resumed sweep keeps the settings it started with");
	}

	private static String text(Properties p, Path file, String key) throws IOException {
		String v = p.getProperty(key);
		if (v == null) {
			throw new IOException(file + ": no " + key);
		}
		return v.strip();
	}

	private static double number(Properties p, Path file, String key) throws IOException {
		String v = text(p, file, key);
		try {
			return Double.parseDouble(v);
		} catch (NumberFormatException e) {
			throw new IOException(file + ": " + key + " '" + v + "' is not a number", e);
		}
	}
}
