package io.backstop.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * The sample data set shipped in this bundle: {@value #BTCUSDT_5M}, 25,920 five-minute
 * BTC/USDT candles (2025-04-03 17:05 to 2025-07-02 17:00 UTC), under {@code sample/} at the
 * bundle root.
 * <p>
 * Inside OSGi it is found through this bundle's class loader; outside (plain tests, tools)
 * through the system property {@value #SAMPLE_DIR_PROPERTY}, then {@code sample/} or
 * {@code ../io.backstop.data/sample/} relative to the working directory.
 */
public final class SampleData {

	/** The sample file's name. */
	public static final String BTCUSDT_5M = "BTCUSDT_5m.csv";

	/** System property naming a directory that holds the sample files. */
	public static final String SAMPLE_DIR_PROPERTY = "backstop.sample.dir";

	private SampleData() {
	}

	/** Where the BTC/USDT sample lies (a bundle entry URL inside OSGi, a file URL outside), if found. */
	public static Optional<URL> btcusdt5mUrl() {
		return url(BTCUSDT_5M);
	}

	/** Where a sample file lies, if found. */
	public static Optional<URL> url(String fileName) {
		URL url = SampleData.class.getResource("/sample/" + fileName);
		if (url != null) {
			return Optional.of(url);
		}
		return path(fileName).map(p -> {
			try {
				return p.toUri().toURL();
			} catch (java.net.MalformedURLException e) {
				return null;
			}
		});
	}

	/**
	 * The sample as a file on disk, if it is one (outside OSGi, or from an unpacked bundle);
	 * empty when it can only be read as a stream.
	 */
	public static Optional<Path> path(String fileName) {
		URL url = SampleData.class.getResource("/sample/" + fileName);
		if (url != null && "file".equals(url.getProtocol())) {
			try {
				return Optional.of(Paths.get(url.toURI()));
			} catch (URISyntaxException | IllegalArgumentException e) {
				// fall through to the other places
			}
		}
		String dir = System.getProperty(SAMPLE_DIR_PROPERTY);
		if (dir != null && Files.isRegularFile(Path.of(dir, fileName))) {
			return Optional.of(Path.of(dir, fileName));
		}
		for (String candidate : new String[] { "sample", "../io.backstop.data/sample",
				"bundles/io.backstop.data/sample" }) {
			Path p = Path.of(candidate, fileName);
			if (Files.isRegularFile(p)) {
				return Optional.of(p.toAbsolutePath().normalize());
			}
		}
		return Optional.empty();
	}

	/** Loads the BTC/USDT sample. */
	public static OhlcvSeries loadBtcusdt5m() throws IOException {
		return load(BTCUSDT_5M);
	}

	/** Loads a sample file by name. */
	public static OhlcvSeries load(String fileName) throws IOException {
		URL url = url(fileName).orElseThrow(() -> new IOException("sample data " + fileName + " not found"));
		try (InputStream in = url.openStream()) {
			String base = fileName.endsWith(".csv") ? fileName.substring(0, fileName.length() - 4) : fileName;
			return OhlcvCsv.parse(in.readAllBytes(), fileName, base, url.toString());
		}
	}

}
