package io.backstop.data.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

import io.backstop.data.OhlcvSeries;
import io.backstop.data.SampleData;

/** Inside Equinox: the sample ships in the bundle and loads through the bundle's class loader. */
class SampleDataIT {

	@Test
	void sampleIsABundleEntryAndLoads() throws Exception {
		Bundle bundle = FrameworkUtil.getBundle(SampleData.class);
		assertNotNull(bundle, "runs inside OSGi");
		assertEquals("io.backstop.data", bundle.getSymbolicName());
		assertNotNull(bundle.getEntry("sample/" + SampleData.BTCUSDT_5M), "sample/ is in bin.includes");
		URL url = SampleData.btcusdt5mUrl().orElseThrow();
		assertTrue(url.getProtocol().startsWith("bundle"), url.toString());
		OhlcvSeries series = SampleData.loadBtcusdt5m();
		assertEquals(25_920, series.size());
		assertEquals(64, series.fingerprint().length());
	}
}
