package io.backstop.data.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import io.backstop.data.DataLibrary;
import io.backstop.data.OhlcvFiles;
import io.backstop.data.OhlcvSeries;
import io.backstop.memory.ManagedCacheRegistry;

/** Inside Equinox: the library is a service, lists the sample, and its loaded series are a managed cache. */
class DataLibraryIT {

	private static <T> T await(BundleContext context, Class<T> type) throws InterruptedException {
		ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
		tracker.open();
		T service = tracker.waitForService(10_000);
		assertNotNull(service, type.getSimpleName() + " registered");
		return service;
	}

	@Test
	void loadedSeriesAreAManagedCacheTheRegistryEmpties() throws Exception {
		BundleContext context = FrameworkUtil.getBundle(DataLibraryIT.class).getBundleContext();
		DataLibrary library = await(context, DataLibrary.class);
		assertTrue(library.list().stream().anyMatch(s -> s.name().equals("BTCUSDT_5m")
				&& s.source().equals(DataLibrary.SAMPLE_SOURCE) && s.bars() == 25_920), library.list().toString());
		OhlcvSeries series = library.load("BTCUSDT", "1h");
		assertEquals("BTCUSDT_1h", series.name());

		ManagedCacheRegistry registry = await(context, ManagedCacheRegistry.class);
		long expected = (25_920L + series.size()) * 48;
		assertEquals(expected, registry.caches().stream().filter(c -> c.name().equals("data.series")).findFirst()
				.orElseThrow().sizeBytes());
		assertEquals(expected, registry.clearAll().stream().filter(c -> c.name().equals("data.series")).findFirst()
				.orElseThrow().bytesReleased());
		assertEquals(series.fingerprint(), library.load("BTCUSDT", "1h").fingerprint());
	}

	@Test
	void featherFilesLoadThroughTheWrappedArrowBundles(@TempDir Path dir) throws Exception {
		BundleContext context = FrameworkUtil.getBundle(DataLibraryIT.class).getBundleContext();
		DataLibrary library = await(context, DataLibrary.class);
		OhlcvSeries sample = library.load("BTCUSDT", "5m");
		Path feather = dir.resolve("BTCUSDT_5m.feather");
		OhlcvFiles.writeFeather(sample, feather);
		assertEquals(sample.fingerprint(), library.open(feather).fingerprint());
	}

	/**
	 * The wrapped Hardwood bundle finds snappy-java's and zstd-jni's bundles by class name, and Arrow's
	 * compression bundle reads LZ4 Feather files (commons-compress, commons-io, commons-codec): a library
	 * directory of such files (written by DuckDB and Arrow JS, see OhlcvParquetTest) lists and loads them.
	 */
	@Test
	void parquetAndCompressedFeatherFilesLoadThroughTheWrappedBundles(@TempDir Path dir) throws Exception {
		BundleContext context = FrameworkUtil.getBundle(DataLibraryIT.class).getBundleContext();
		OhlcvSeries first300 = await(context, DataLibrary.class).load("BTCUSDT", "5m").slice(0, 300);
		Path fixtures = Path.of("src/test/resources");
		java.util.Map<String, String> files = java.util.Map.of("parquet/snappy.parquet", "AAAUSDT_5m.parquet",
				"parquet/zstd.parquet", "BBBUSDT_5m.parquet",
				"feather/lz4.feather", "CCCUSDT_5m.feather");
		for (var file : files.entrySet()) {
			java.nio.file.Files.copy(fixtures.resolve(file.getKey()), dir.resolve(file.getValue()));
		}
		DataLibrary library = DataLibrary.of(dir, OhlcvFiles.Options.DEFAULT);
		for (String symbol : java.util.List.of("AAAUSDT", "BBBUSDT", "CCCUSDT")) {
			assertTrue(library.list().stream().anyMatch(s -> s.symbol().equals(symbol) && s.bars() == 300
					&& s.problem() == null), library.list().toString());
			OhlcvSeries series = library.load(symbol, "5m");
			assertEquals(first300.withName(series.name(), series.source()).fingerprint(), series.fingerprint(), symbol);
		}
	}
}
