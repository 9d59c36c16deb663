package io.backstop.data.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.backstop.data.DataFormatException;
import io.backstop.data.OhlcvCsv;
import io.backstop.data.OhlcvFiles;
import io.backstop.data.OhlcvSeries;
import io.backstop.data.SyntheticSeries;

/**
 * Generated-input fuzzing of every loader, outside the test suite: valid CSV (named columns and
 * header-less klines), zip and Feather files of a few bars are mutated at random (bytes flipped,
 * inserted, deleted, ranges copied, cut short, number-like tokens swapped in) and loaded. Parquet
 * seeds are the test suite's DuckDB files (300 bars in three row groups; Snappy, ZSTD and
 * uncompressed pages), mutated mostly where Parquet keeps its structure: half the edits land in
 * the Thrift footer (schema, row groups, offsets, sizes, codecs), and besides flips and random
 * bytes an edit may set a byte to a varint's edge or a four-byte integer to an edge value. A load
 * may succeed or fail with the loader's own {@link DataFormatException}; any other exception, a
 * load over 10 s (a hang) or an {@link OutOfMemoryError} is a finding, counted by kind (exception
 * and the line that threw it) and printed with the first input of its kind saved. Arguments: [inputs per format] [seed] [formats to fuzz, all when none: csv, klines.csv,
 * zip, feather, snappy.parquet, zstd.parquet, uncompressed.parquet]; run from the bundle's folder.
 */
public final class LoaderFuzz {

	/** Four-byte values at the edges of what Parquet's sizes, offsets and counts may hold. */
	private static final int[] EDGE_INTS = { 0, 1, -1, 2, 255, 65_536, 1 << 24, Integer.MAX_VALUE, Integer.MIN_VALUE };

	/** Bytes at the edges of a Thrift varint: the end, a continuation, the largest of either. */
	private static final byte[] EDGE_BYTES = { 0x00, 0x01, 0x7F, (byte) 0x80, (byte) 0xFF };

	private static final String[] PARQUET_SEEDS = { "snappy", "zstd", "uncompressed" };

	private static final String[] TOKENS = { "NaN", "-1", "1e308", "1e309", "-0", "", "\"", ",", "\n", "\r\n",
			"9223372036854775807", "99999999999999999999", "2025-02-30", "2025-01-01T25:00:00Z", "0x10", "\u00e9", "1.", ".5" };

	private LoaderFuzz() {
	}

	public static void main(String[] args) throws Exception {
		int perFormat = args.length > 0 ? Integer.parseInt(args[0]) : 250_000;
		long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
		Path dir = Files.createTempDirectory("backstop-fuzz");
		OhlcvSeries bars = SyntheticSeries.generate(seed, 12);
		Path csv = dir.resolve("seed.csv");
		OhlcvCsv.write(bars, csv);
		Path feather = dir.resolve("seed.feather");
		OhlcvFiles.writeFeather(bars, feather);
		Map<String, byte[]> seeds = new TreeMap<>();
		seeds.put("csv", Files.readAllBytes(csv));
		seeds.put("klines.csv", klines(bars).getBytes(StandardCharsets.UTF_8));
		seeds.put("zip", zip(klines(bars)));
		seeds.put("feather", Files.readAllBytes(feather));
		for (String compression : PARQUET_SEEDS) {
			seeds.put(compression + ".parquet", Files.readAllBytes(Path.of("src/test/resources/parquet", compression + ".parquet")));
		}
		if (args.length > 2) {
			seeds.keySet().retainAll(List.of(args).subList(2, args.length));
		}
		Random random = new Random(seed);
		ExecutorService worker = worker();
		// findings by kind (exception and where it was thrown), each kind with its count and first input
		Map<String, List<String>> findings = new TreeMap<>();
		for (Map.Entry<String, byte[]> format : seeds.entrySet()) {
			String extension = format.getKey().substring(format.getKey().lastIndexOf('.') + 1);
			Path input = dir.resolve("input." + extension);
			int loaded = 0;
			int refused = 0;
			long started = System.nanoTime();
			for (int n = 0; n < perFormat; n++) {
				byte[] bytes = extension.equals("parquet") ? mutateParquet(format.getValue(), random)
						: mutate(format.getValue(), random);
				Files.write(input, bytes);
				Future<OhlcvSeries> load = worker.submit(() -> OhlcvFiles.load(input, OhlcvFiles.Options.DEFAULT));
				try {
					load.get(10, TimeUnit.SECONDS);
					loaded++;
				} catch (java.util.concurrent.ExecutionException e) {
					if (e.getCause() instanceof DataFormatException) {
						refused++;
					} else {
						record(findings, kind(e.getCause()), dir, format.getKey(), n, bytes, e.getCause().toString());
					}
				} catch (TimeoutException e) {
					load.cancel(true);
					worker.shutdownNow();
					worker = worker(); // the hung thread is left behind
					record(findings, "no answer within 10 s", dir, format.getKey(), n, bytes, "no answer within 10 s");
				} catch (OutOfMemoryError e) {
					record(findings, e.toString(), dir, format.getKey(), n, bytes, e.toString());
				}
			}
			System.out.printf("%s: %,d inputs in %.0f s: %,d loaded, %,d refused with one line, %d findings so far%n",
					format.getKey(), perFormat, (System.nanoTime() - started) / 1e9, loaded, refused,
					findings.values().stream().mapToInt(List::size).sum());
		}
		findings.forEach((kind, inputs) -> System.out.println(inputs.size() + " x " + kind + "\n    first: " + inputs.get(0)));
		worker.shutdownNow();
	}

	private static ExecutorService worker() {
		return Executors.newSingleThreadExecutor(r -> {
			Thread t = new Thread(r, "fuzz-load");
			t.setDaemon(true);
			return t;
		});
	}

	/** Saves the first input of each kind of finding; later ones are counted. */
	private static void record(Map<String, List<String>> findings, String kind, Path dir, String format, int n,
			byte[] bytes, String what) throws IOException {
		List<String> inputs = findings.computeIfAbsent(kind, k -> new ArrayList<>());
		String finding = format + " #" + n + ": " + what;
		if (inputs.isEmpty()) {
			Path saved = dir.resolve("finding-" + n + "." + format);
			Files.write(saved, bytes);
			finding += " (input saved as " + saved + ")";
		}
		inputs.add(finding);
	}

	/** An exception's class and the line that threw it. */
	private static String kind(Throwable thrown) {
		StackTraceElement[] trace = thrown.getStackTrace();
		return thrown.getClass().getName() + (trace.length > 0 ? " at " + trace[0] : "");
	}

	private static String klines(OhlcvSeries bars) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < bars.size(); i++) {
			long t = bars.timestamps()[i];
			text.append(t).append(',').append(bars.open()[i]).append(',').append(bars.high()[i]).append(',')
					.append(bars.low()[i]).append(',').append(bars.close()[i]).append(',').append(bars.volume()[i])
					.append(',').append(t + 299_999).append(",1,1,1,1,0\n");
		}
		return text.toString();
	}

	private static byte[] zip(String entry) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(out)) {
			zip.putNextEntry(new ZipEntry("X-5m-2025-01.csv"));
			zip.write(entry.getBytes(StandardCharsets.UTF_8));
			zip.closeEntry();
		}
		return out.toByteArray();
	}

	/** One to four random edits of the seed. */
	private static byte[] mutate(byte[] seed, Random random) {
		byte[] bytes = seed.clone();
		int edits = 1 + random.nextInt(4);
		for (int e = 0; e < edits && bytes.length > 0; e++) {
			int at = random.nextInt(bytes.length);
			bytes = switch (random.nextInt(6)) {
			case 0 -> {
				bytes[at] ^= (byte) (1 << random.nextInt(8));
				yield bytes;
			}
			case 1 -> {
				bytes[at] = (byte) random.nextInt(256);
				yield bytes;
			}
			case 2 -> splice(bytes, at, Math.min(bytes.length - at, 1 + random.nextInt(8)), new byte[0]);
			case 3 -> splice(bytes, at, 0, TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
			case 4 -> java.util.Arrays.copyOf(bytes, at);
			default -> {
				int from = random.nextInt(bytes.length);
				int length = Math.min(bytes.length - from, 1 + random.nextInt(64));
				yield splice(bytes, at, 0, java.util.Arrays.copyOfRange(bytes, from, from + length));
			}
			};
		}
		return bytes;
	}

	/**
	 * One to four edits of a Parquet file, half of them inside its footer (the Thrift metadata
	 * before the closing length and {@code PAR1}); now and then one of the general edits instead.
	 */
	private static byte[] mutateParquet(byte[] seed, Random random) {
		if (random.nextInt(8) == 0) {
			return mutate(seed, random);
		}
		byte[] bytes = seed.clone();
		int footerLength = ByteBuffer.wrap(bytes, bytes.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN)
				.getInt();
		int footerStart = bytes.length - 8 - footerLength;
		int edits = 1 + random.nextInt(4);
		for (int e = 0; e < edits; e++) {
			int at = random.nextBoolean() ? footerStart + random.nextInt(footerLength) : random.nextInt(bytes.length);
			switch (random.nextInt(4)) {
			case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
			case 1 -> bytes[at] = (byte) random.nextInt(256);
			case 2 -> bytes[at] = EDGE_BYTES[random.nextInt(EDGE_BYTES.length)];
			default -> {
				int value = EDGE_INTS[random.nextInt(EDGE_INTS.length)];
				for (int b = 0; b < 4 && at + b < bytes.length; b++) {
					bytes[at + b] = (byte) (value >>> (8 * b));
				}
			}
			}
		}
		return bytes;
	}

	private static byte[] splice(byte[] bytes, int at, int remove, byte[] insert) {
		byte[] result = new byte[bytes.length - remove + insert.length];
		System.arraycopy(bytes, 0, result, 0, at);
		System.arraycopy(insert, 0, result, at, insert.length);
		System.arraycopy(bytes, at + remove, result, at + insert.length, bytes.length - at - remove);
		return result;
	}
}
