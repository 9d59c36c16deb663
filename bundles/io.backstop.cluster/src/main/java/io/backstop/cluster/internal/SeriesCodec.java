package io.backstop.cluster.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

import io.backstop.data.OhlcvSeries;

/**
 * A series as the bytes a member ships to the others once per fingerprint, in chunks: name,
 * source, then the six columns, compressed.
 */
final class SeriesCodec {

	/** Bytes per chunk: a chunk is one call between two members. */
	static final int CHUNK_BYTES = 1 << 20;

	private SeriesCodec() {
	}

	static byte[] encode(OhlcvSeries series) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(series.size() * 16 + 256);
		try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes))) {
			out.writeUTF(series.name());
			out.writeUTF(series.source());
			out.writeInt(series.size());
			for (long t : series.timestamps()) {
				out.writeLong(t);
			}
			for (double[] column : new double[][] { series.open(), series.high(), series.low(), series.close(),
					series.volume() }) {
				for (double v : column) {
					out.writeDouble(v);
				}
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return bytes.toByteArray();
	}

	static OhlcvSeries decode(byte[] encoded) throws IOException {
		try (DataInputStream in = new DataInputStream(new InflaterInputStream(new ByteArrayInputStream(encoded)))) {
			String name = in.readUTF();
			String source = in.readUTF();
			int size = in.readInt();
			long[] timestamps = new long[size];
			for (int i = 0; i < size; i++) {
				timestamps[i] = in.readLong();
			}
			double[][] columns = new double[5][size];
			for (double[] column : columns) {
				for (int i = 0; i < size; i++) {
					column[i] = in.readDouble();
				}
			}
			return new OhlcvSeries(name, source, timestamps, columns[0], columns[1], columns[2], columns[3],
					columns[4]);
		}
	}

	static int chunks(byte[] encoded) {
		return Math.max(1, (encoded.length + CHUNK_BYTES - 1) / CHUNK_BYTES);
	}

	static byte[] chunk(byte[] encoded, int chunk) {
		int from = chunk * CHUNK_BYTES;
		if (chunk < 0 || from > encoded.length) {
			throw new IllegalArgumentException("no chunk " + chunk + " of " + chunks(encoded));
		}
		return Arrays.copyOfRange(encoded, from, Math.min(encoded.length, from + CHUNK_BYTES));
	}
}
