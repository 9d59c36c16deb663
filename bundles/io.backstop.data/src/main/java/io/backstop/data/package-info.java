/**
 * Market data: OHLCV series held as columnar primitive arrays, loaders for CSV (named columns
 * or exchange klines), zip archives of them, Parquet and Feather files, with precise
 * error messages, content fingerprints, a deterministic synthetic generator and the bundled
 * sample data set. Plain Java; no OSGi needed to use it.
 */
package io.backstop.data;
