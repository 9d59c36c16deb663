package io.backstop.cluster.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.zip.DataFormatException;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;

import io.backstop.backtest.CancellationToken;
import io.backstop.data.OhlcvSeries;

/**
 * A series as the bytes a member ships to the others once per fingerprint, in chunks: name,
 * source, then the six columns, compressed.
 */
final class SeriesCodec {

	/** Bytes per chunk: a chunk is one call between two members. */
	static final int CHUNK_BYTES = 1 << 20;
	/** A timestamp and five prices. */
	private static final int BYTES_PER_BAR = Long.BYTES + 5 * Double.BYTES;
	/** Bytes unpacked between two polls of the stop: well under a millisecond. */
	private static final int INFLATE_SLICE_BYTES = 1 << 16;

	private SeriesCodec() {
	}

	static byte[] encode(OhlcvSeries series) {
		int size = series.size();
		ByteBuffer columns = ByteBuffer.allocate(size * BYTES_PER_BAR);
		columns.asLongBuffer().put(series.timestamps());
		int at = size * Long.BYTES;
		for (double[] column : new double[][] { series.open(), series.high(), series.low(), series.close(),
				series.volume() }) {
			columns.position(at);
			columns.asDoubleBuffer().put(column);
			at += size * Double.BYTES;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(size * 16 + 256);
		try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes))) {
			out.writeUTF(series.name());
			out.writeUTF(series.source());
			out.writeInt(size);
			out.write(columns.array());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return bytes.toByteArray();
	}

	/**
	 * The series of {@link #encode(OhlcvSeries)}'s bytes. Unpacking polls {@code halted} between
	 * slices: a member that receives a series when a stop comes must not finish unpacking it first.
	 *
	 * @throws CancellationException once {@code halted} is cancelled
	 */
	static OhlcvSeries decode(byte[] encoded, CancellationToken halted) throws IOException {
		byte[] plain = inflate(encoded, halted);
		DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain));
		String name = in.readUTF();
		String source = in.readUTF();
		int size = in.readInt();
		int at = plain.length - in.available();
		if (size < 0 || plain.length - at != (long) size * BYTES_PER_BAR) {
			throw new IOException("series " + name + " arrived with " + (plain.length - at) + " bytes of columns where "
					+ size + " bars take " + (long) size * BYTES_PER_BAR);
		}
		ByteBuffer columns = ByteBuffer.wrap(plain);
		long[] timestamps = new long[size];
		columns.position(at);
		columns.asLongBuffer().get(timestamps);
		at += size * Long.BYTES;
		double[][] prices = new double[5][size];
		for (double[] column : prices) {
			columns.position(at);
			columns.asDoubleBuffer().get(column);
			at += size * Double.BYTES;
		}
		return new OhlcvSeries(name, source, timestamps, prices[0], prices[1], prices[2], prices[3], prices[4]);
	}

	private static byte[] inflate(byte[] encoded, CancellationToken halted) throws IOException {
		Inflater inflater = new Inflater();
		inflater.setInput(encoded);
		ByteArrayOutputStream plain = new ByteArrayOutputStream(encoded.length * 2);
		byte[] slice = new byte[INFLATE_SLICE_BYTES];
		try {
			while (!inflater.finished()) {
				if (halted.isCancelled()) {
					throw new CancellationException("halted while unpacking a series");
				}
				int n = inflater.inflate(slice);
				if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
					throw new IOException("a series arrived cut short");
				}
				plain.write(slice, 0, n);
			}
		} catch (DataFormatException e) {
			throw new IOException("a series arrived damaged: " + e.getMessage(), e);
		} finally {
			inflater.end();
		}
		return plain.toByteArray();
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
