package io.backstop.run.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.logging.Logger;

import io.backstop.run.RunRequest;

/**
 * How many of a search's best evaluations become result rows (the request's top K), kept in the search's
 * directory beside the optimisation service's files, so that a search resumed after a restart adds as many
 * rows as it would have.
 */
final class KeptRows {

	static final String FILE = "result-rows.properties";
	private static final Logger LOG = Logger.getLogger(KeptRows.class.getName());
	private static final String TOP_K = "topK";

	private KeptRows() {
	}

	/**
	 * Records {@code topK} for the search in {@code directory}. Best effort: the search's own files are what a
	 * resume needs; without this one it adds the default number of rows.
	 */
	static void write(Path directory, int topK) {
		Properties p = new Properties();
		p.setProperty(TOP_K, Integer.toString(topK));
		try (OutputStream out = Files.newOutputStream(directory.resolve(FILE))) {
			p.store(out, "result rows of this search");
		} catch (IOException e) {
			LOG.warning("could not record the top K of " + directory + ": " + e.getMessage());
		}
	}

	/** The top K recorded in {@code directory}; {@link RunRequest#DEFAULT_TOP_K} when none is. */
	static int read(Path directory) {
		Path file = directory.resolve(FILE);
		if (!Files.isRegularFile(file)) {
			return RunRequest.DEFAULT_TOP_K;
		}
		Properties p = new Properties();
		try (InputStream in = Files.newInputStream(file)) {
			p.load(in);
			int topK = Integer.parseInt(p.getProperty(TOP_K, ""));
			return topK >= 1 ? topK : RunRequest.DEFAULT_TOP_K;
		} catch (IOException | NumberFormatException e) {
			return RunRequest.DEFAULT_TOP_K;
		}
	}
}
