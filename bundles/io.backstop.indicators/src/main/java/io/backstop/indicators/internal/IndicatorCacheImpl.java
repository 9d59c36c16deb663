package io.backstop.indicators.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.zip.CRC32;

import io.backstop.indicators.IndicatorCache;
import io.backstop.indicators.IndicatorKey;

/**
 * The indicator cache: an in-memory LRU bounded in bytes in front of an optional disk cache.
 * <p>
 * Disk layout: one file per entry, {@code <hash of the key>.ind}, written to a temporary file
 * and moved into place atomically; each file carries its key, creation time and a CRC32, so a
 * damaged or foreign file is detected, deleted and recomputed. {@code index.tsv} lists the
 * entries (file, size, created, last used, key); it is rewritten atomically on change and
 * rebuilt from the files when missing or unreadable. Entries older than the time-to-live are
 * expired; when the files exceed the size cap the least recently used go first.
 * <p>
 * Usable without OSGi: {@code new IndicatorCacheImpl(dir, memoryMax, diskMax, ttl, clock)}.
 */
public class IndicatorCacheImpl implements IndicatorCache {

	static final int MAGIC = 0x42534931; // "BSI1"
	static final String SUFFIX = ".ind";
	static final String INDEX = "index.tsv";

	private final Path dir;
	private final long memoryMaxBytes;
	private final long diskMaxBytes;
	private final Duration ttl;
	private final Clock clock;

	private final LinkedHashMap<IndicatorKey, MemEntry> memory = new LinkedHashMap<>(64, 0.75f, true);
	private long memoryBytes;

	private final Object diskLock = new Object();
	private final Map<String, DiskEntry> disk = new HashMap<>();
	private long diskBytes;

	private final AtomicLong memoryHits = new AtomicLong();
	private final AtomicLong diskHits = new AtomicLong();
	private final AtomicLong misses = new AtomicLong();
	private final AtomicLong damaged = new AtomicLong();

	private record MemEntry(double[][] value, long bytes) {
	}

	private static final class DiskEntry {
		final String file;
		final String key;
		final long size;
		final long created;
		long lastUsed;

		DiskEntry(String file, String key, long size, long created, long lastUsed) {
			this.file = file;
			this.key = key;
			this.size = size;
			this.created = created;
			this.lastUsed = lastUsed;
		}
	}

	/**
	 * @param dir            disk cache directory (created when needed), or null for memory only
	 * @param memoryMaxBytes bound of the in-memory LRU
	 * @param diskMaxBytes   cap of the disk cache
	 * @param ttl            age after which a disk entry is expired
	 * @param clock          time source (tests pass a fixed or stepping clock)
	 */
	public IndicatorCacheImpl(Path dir, long memoryMaxBytes, long diskMaxBytes, Duration ttl, Clock clock) {
		this.dir = dir;
		this.memoryMaxBytes = memoryMaxBytes;
		this.diskMaxBytes = diskMaxBytes;
		this.ttl = ttl;
		this.clock = clock;
		if (dir != null) {
			loadIndex();
		}
	}

	public Path directory() {
		return dir;
	}

	// ------------------------------------------------------------------ lookups

	@Override
	public double[][] getOrCompute(IndicatorKey key, Supplier<double[][]> compute) {
		Optional<double[][]> hit = getIfPresent(key);
		if (hit.isPresent()) {
			return hit.get();
		}
		misses.incrementAndGet();
		double[][] value = compute.get();
		putMemory(key, value);
		writeDisk(key, value);
		return value;
	}

	@Override
	public Optional<double[][]> getIfPresent(IndicatorKey key) {
		synchronized (memory) {
			MemEntry e = memory.get(key);
			if (e != null) {
				memoryHits.incrementAndGet();
				return Optional.of(e.value);
			}
		}
		double[][] fromDisk = readDisk(key);
		if (fromDisk != null) {
			diskHits.incrementAndGet();
			putMemory(key, fromDisk);
			return Optional.of(fromDisk);
		}
		return Optional.empty();
	}

	static long sizeOf(double[][] value) {
		long bytes = 16 + 4L * value.length;
		for (double[] column : value) {
			bytes += 16 + 8L * column.length;
		}
		return bytes;
	}

	private void putMemory(IndicatorKey key, double[][] value) {
		long bytes = sizeOf(value);
		if (bytes > memoryMaxBytes) {
			return;
		}
		synchronized (memory) {
			MemEntry old = memory.put(key, new MemEntry(value, bytes));
			if (old != null) {
				memoryBytes -= old.bytes;
			}
			memoryBytes += bytes;
			Iterator<Map.Entry<IndicatorKey, MemEntry>> it = memory.entrySet().iterator();
			while (memoryBytes > memoryMaxBytes && it.hasNext()) {
				MemEntry eldest = it.next().getValue();
				it.remove();
				memoryBytes -= eldest.bytes;
			}
		}
	}

	// ------------------------------------------------------------------ clearing

	@Override
	public Released clearMemory() {
		synchronized (memory) {
			Released r = new Released(memory.size(), memoryBytes);
			memory.clear();
			memoryBytes = 0;
			return r;
		}
	}

	@Override
	public Released pruneDisk(boolean all) {
		if (dir == null) {
			return new Released(0, 0);
		}
		synchronized (diskLock) {
			long now = clock.millis();
			long entries = 0;
			long bytes = 0;
			for (DiskEntry e : new ArrayList<>(disk.values())) {
				if (all || expired(e, now)) {
					deleteEntry(e);
					entries++;
					bytes += e.size;
				}
			}
			if (all) {
				// stray files the index does not know (a crash between write and index update)
				try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
					for (Path f : files) {
						long size = Files.size(f);
						if (Files.deleteIfExists(f)) {
							entries++;
							bytes += size;
						}
					}
				} catch (NoSuchFileException e) {
					// nothing on disk
				} catch (IOException e) {
					throw new UncheckedIOException(e);
				}
			}
			saveIndex();
			return new Released(entries, bytes);
		}
	}

	@Override
	public Stats stats() {
		long memEntries;
		long memBytes;
		synchronized (memory) {
			memEntries = memory.size();
			memBytes = memoryBytes;
		}
		long dEntries;
		long dBytes;
		synchronized (diskLock) {
			dEntries = disk.size();
			dBytes = diskBytes;
		}
		return new Stats(memEntries, memBytes, memoryMaxBytes, dEntries, dBytes, dir == null ? 0 : diskMaxBytes,
				memoryHits.get(), diskHits.get(), misses.get(), damaged.get());
	}

	// ------------------------------------------------------------------ disk

	private boolean expired(DiskEntry e, long now) {
		return now - e.created > ttl.toMillis();
	}

	static String fileName(IndicatorKey key) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.text().getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 16) + SUFFIX;
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private double[][] readDisk(IndicatorKey key) {
		if (dir == null) {
			return null;
		}
		String name = fileName(key);
		synchronized (diskLock) {
			DiskEntry entry = disk.get(name);
			if (entry == null) {
				return null;
			}
			long now = clock.millis();
			if (expired(entry, now)) {
				deleteEntry(entry);
				saveIndex();
				return null;
			}
			try {
				byte[] bytes = Files.readAllBytes(dir.resolve(name));
				Decoded decoded = decode(bytes);
				if (decoded == null || !decoded.key.equals(key.text())) {
					throw new IOException("damaged cache entry");
				}
				entry.lastUsed = now;
				return decoded.value;
			} catch (IOException | RuntimeException e) {
				damaged.incrementAndGet();
				deleteEntry(entry);
				saveIndex();
				return null;
			}
		}
	}

	private void writeDisk(IndicatorKey key, double[][] value) {
		if (dir == null) {
			return;
		}
		String name = fileName(key);
		long now = clock.millis();
		byte[] bytes = encode(key.text(), now, value);
		if (bytes.length > diskMaxBytes) {
			return;
		}
		synchronized (diskLock) {
			try {
				Files.createDirectories(dir);
				Path target = dir.resolve(name);
				Path tmp = Files.createTempFile(dir, name, ".tmp");
				try {
					Files.write(tmp, bytes);
					try {
						Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
					} catch (AtomicMoveNotSupportedException e) {
						Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
					}
				} finally {
					Files.deleteIfExists(tmp);
				}
				DiskEntry old = disk.put(name, new DiskEntry(name, key.text(), bytes.length, now, now));
				if (old != null) {
					diskBytes -= old.size;
				}
				diskBytes += bytes.length;
				enforceCap();
				saveIndex();
			} catch (IOException e) {
				// the disk cache is an optimisation: a failed write leaves the value in memory only
			}
		}
	}

	private void enforceCap() {
		if (diskBytes <= diskMaxBytes) {
			return;
		}
		List<DiskEntry> byAge = new ArrayList<>(disk.values());
		byAge.sort(Comparator.comparingLong((DiskEntry e) -> e.lastUsed));
		for (DiskEntry e : byAge) {
			if (diskBytes <= diskMaxBytes) {
				break;
			}
			deleteEntry(e);
		}
	}

	private void deleteEntry(DiskEntry e) {
		disk.remove(e.file);
		diskBytes -= e.size;
		try {
			Files.deleteIfExists(dir.resolve(e.file));
		} catch (IOException ignored) {
			// left for the next prune
		}
	}

	record Decoded(String key, long created, double[][] value) {
	}

	static byte[] encode(String key, long created, double[][] value) {
		try {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 64, sizeOf(value) + 256));
			DataOutputStream out = new DataOutputStream(bytes);
			out.writeInt(MAGIC);
			out.writeUTF(key);
			out.writeLong(created);
			out.writeInt(value.length);
			for (double[] column : value) {
				out.writeInt(column.length);
			}
			ByteBuffer buffer = ByteBuffer.allocate(8 * 4096);
			for (double[] column : value) {
				for (int i = 0; i < column.length; i++) {
					if (!buffer.hasRemaining()) {
						out.write(buffer.array(), 0, buffer.position());
						buffer.clear();
					}
					buffer.putDouble(column[i]);
				}
			}
			out.write(buffer.array(), 0, buffer.position());
			out.flush();
			CRC32 crc = new CRC32();
			byte[] body = bytes.toByteArray();
			crc.update(body);
			out.writeLong(crc.getValue());
			out.flush();
			return bytes.toByteArray();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The decoded entry, or null when the bytes are not a complete, intact entry. */
	static Decoded decode(byte[] bytes) {
		if (bytes.length < 12) {
			return null;
		}
		CRC32 crc = new CRC32();
		crc.update(bytes, 0, bytes.length - 8);
		if (crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong()) {
			return null;
		}
		try {
			DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes, 0, bytes.length - 8));
			if (in.readInt() != MAGIC) {
				return null;
			}
			String key = in.readUTF();
			long created = in.readLong();
			int columns = in.readInt();
			if (columns < 0 || columns > 1024) {
				return null;
			}
			int[] lengths = new int[columns];
			long total = 0;
			for (int c = 0; c < columns; c++) {
				lengths[c] = in.readInt();
				if (lengths[c] < 0) {
					return null;
				}
				total += lengths[c];
			}
			if (in.available() != total * 8) {
				return null;
			}
			double[][] value = new double[columns][];
			for (int c = 0; c < columns; c++) {
				value[c] = new double[lengths[c]];
				for (int i = 0; i < lengths[c]; i++) {
					value[c][i] = in.readDouble();
				}
			}
			return new Decoded(key, created, value);
		} catch (IOException e) {
			return null;
		}
	}

	// ------------------------------------------------------------------ index

	private void loadIndex() {
		synchronized (diskLock) {
			disk.clear();
			diskBytes = 0;
			Path index = dir.resolve(INDEX);
			boolean rebuilt = false;
			try {
				if (Files.isRegularFile(index)) {
					for (String line : Files.readAllLines(index, StandardCharsets.UTF_8)) {
						if (line.isBlank() || line.startsWith("#")) {
							continue;
						}
						String[] f = line.split("\t", 5);
						if (f.length != 5) {
							throw new IOException("bad index line");
						}
						DiskEntry e = new DiskEntry(f[0], f[4], Long.parseLong(f[1]), Long.parseLong(f[2]),
								Long.parseLong(f[3]));
						if (Files.isRegularFile(dir.resolve(e.file))) {
							disk.put(e.file, e);
							diskBytes += e.size;
						}
					}
				} else {
					rebuilt = rebuildIndex();
				}
			} catch (IOException | RuntimeException e) {
				rebuilt = rebuildIndex();
			}
			if (rebuilt) {
				saveIndex();
			}
		}
	}

	/** Reads every entry file's header; damaged files are deleted. */
	private boolean rebuildIndex() {
		disk.clear();
		diskBytes = 0;
		if (!Files.isDirectory(dir)) {
			return false;
		}
		try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
			for (Path f : files) {
				Decoded d = decode(Files.readAllBytes(f));
				String name = f.getFileName().toString();
				if (d == null) {
					damaged.incrementAndGet();
					Files.deleteIfExists(f);
					continue;
				}
				long size = Files.size(f);
				disk.put(name, new DiskEntry(name, d.key, size, d.created, d.created));
				diskBytes += size;
			}
		} catch (IOException e) {
			// whatever could be read is indexed
		}
		return true;
	}

	private void saveIndex() {
		if (dir == null || !Files.isDirectory(dir)) {
			return;
		}
		StringBuilder sb = new StringBuilder("# file\tsize\tcreated\tlast-used\tkey\n");
		for (DiskEntry e : disk.values()) {
			sb.append(e.file).append('\t').append(e.size).append('\t').append(e.created).append('\t')
					.append(e.lastUsed).append('\t').append(e.key).append('\n');
		}
		try {
			Path tmp = Files.createTempFile(dir, INDEX, ".tmp");
			try {
				Files.writeString(tmp, sb, StandardCharsets.UTF_8);
				try {
					Files.move(tmp, dir.resolve(INDEX), StandardCopyOption.ATOMIC_MOVE,
							StandardCopyOption.REPLACE_EXISTING);
				} catch (AtomicMoveNotSupportedException e) {
					Files.move(tmp, dir.resolve(INDEX), StandardCopyOption.REPLACE_EXISTING);
				}
			} finally {
				Files.deleteIfExists(tmp);
			}
		} catch (IOException e) {
			// rebuilt from the files next time
		}
	}

	/** Entry keys as text, for tests and diagnostics. */
	List<String> diskKeys() {
		synchronized (diskLock) {
			return disk.values().stream().map(e -> e.key).sorted().toList();
		}
	}

	/** Disk file of a key (whether or not it exists). */
	Path diskFile(IndicatorKey key) {
		return dir.resolve(fileName(key));
	}

	/** Convenience for callers that size caches in MiB. */
	static long mib(double value) {
		return (long) (value * 1024 * 1024);
	}

	/** Keys in memory, least recently used first (tests). */
	List<IndicatorKey> memoryKeys() {
		synchronized (memory) {
			return List.copyOf(memory.keySet());
		}
	}
}
