/**
 * Market data: OHLCV series held as columnar primitive arrays, a CSV loader with precise
 * error messages, content fingerprints, a deterministic synthetic generator and the bundled
 * sample data set. Plain Java; no OSGi needed to use it.
 */
package io.backstop.data;
