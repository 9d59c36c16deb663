package io.backstop.indicators.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
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
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
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
 * Concurrency: a missing key is looked up (disk, else computed) by the first thread that asks
 * for it; the others wait for that one, polling their own cancellation. No lock that another key
 * needs is held while computing, reading or writing a file: the memory tier's and the index's
 * locks guard only their maps. Files a lookup leaves behind (a write it abandoned, entries it
 * evicted) are deleted on a thread of the cache's own.
 * <p>
 * Usable without OSGi: {@code new IndicatorCacheImpl(dir, memoryMax, diskMax, ttl, clock)}.
 */
public class IndicatorCacheImpl implements IndicatorCache {

	static final int MAGIC = 0x42534931; // "BSI1"
	static final String SUFFIX = ".ind";
	static final String INDEX = "index.tsv";
	/**
	 * Bytes of an entry file read or written through one buffer between two polls of a lookup's
	 * cancellation: a column goes between the file and its array a slice at a time, so that reading
	 * or writing allocates nothing of the entry's size but the arrays themselves (a whole-entry
	 * buffer was a large, short-lived allocation per disk hit that paused every worker for garbage
	 * collection). Below the smallest heap region's half, so not a humongous object for G1.
	 */
	static final int IO_SLICE = 1 << 18;
	/** How long a thread waiting for another one's computation sleeps between polls of its own cancellation. */
	private static final long WAIT_SLICE_MICROS = 500;
	private static final BooleanSupplier NEVER = () -> false;

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

	/** Lookups under way, one per key: other threads asking for the key wait for it instead of computing. */
	private final ConcurrentHashMap<IndicatorKey, CompletableFuture<double[][]>> inFlight = new ConcurrentHashMap<>();
	private final ReentrantLock indexWriter = new ReentrantLock();
	/**
	 * Deletes the files lookups leave behind. Unlinking a file whose pages are still being written
	 * back waits for the disk (10-25 ms here, with the disk's discard), and a lookup cancelled by
	 * an emergency stop must not spend that on the worker the stop is halting. One daemon thread,
	 * started on demand and gone after a few idle seconds.
	 */
	private final ThreadPoolExecutor remover = new ThreadPoolExecutor(1, 1, 3, TimeUnit.SECONDS,
			new LinkedBlockingQueue<>(), r -> {
				Thread t = new Thread(r, "indicator-cache-remover");
				t.setDaemon(true);
				return t;
			});
	private final AtomicBoolean indexStale = new AtomicBoolean();

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
		remover.allowCoreThreadTimeOut(true);
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
		return getOrCompute(key, compute, NEVER);
	}

	@Override
	public double[][] getOrCompute(IndicatorKey key, Supplier<double[][]> compute, BooleanSupplier cancelled) {
		while (true) {
			poll(cancelled);
			double[][] held = fromMemory(key);
			if (held != null) {
				return held;
			}
			CompletableFuture<double[][]> mine = new CompletableFuture<>();
			CompletableFuture<double[][]> other = inFlight.putIfAbsent(key, mine);
			if (other == null) {
				return loadOrCompute(key, compute, cancelled, mine);
			}
			double[][] shared = await(other, cancelled);
			if (shared != null) {
				return shared;
			}
			// the other thread's lookup was cancelled: this one goes on by itself
		}
	}

	/** The lookup of the thread that claimed {@code key}: disk, else compute; memory and disk filled. */
	private double[][] loadOrCompute(IndicatorKey key, Supplier<double[][]> compute, BooleanSupplier cancelled,
			CompletableFuture<double[][]> mine) {
		try {
			// a lookup that finished between this thread's memory miss and its claim
			double[][] value = fromMemory(key);
			if (value == null) {
				value = readDisk(key, cancelled);
				if (value != null) {
					diskHits.incrementAndGet();
					putMemory(key, value);
				}
			}
			if (value == null) {
				misses.incrementAndGet();
				value = compute.get();
				putMemory(key, value);
				mine.complete(value);
				writeDisk(key, value, cancelled);
			}
			mine.complete(value);
			return value;
		} catch (RuntimeException | Error e) {
			mine.completeExceptionally(e);
			throw e;
		} finally {
			inFlight.remove(key, mine);
		}
	}

	/**
	 * Waits for another thread's lookup of the same key, polling {@code cancelled}.
	 *
	 * @return its value, or null when it was cancelled (the caller then computes itself)
	 */
	private static double[][] await(CompletableFuture<double[][]> other, BooleanSupplier cancelled) {
		while (true) {
			try {
				return other.get(WAIT_SLICE_MICROS, TimeUnit.MICROSECONDS);
			} catch (TimeoutException e) {
				poll(cancelled);
			} catch (ExecutionException e) {
				Throwable cause = e.getCause();
				if (cause instanceof CancellationException) {
					return null;
				}
				if (cause instanceof RuntimeException r) {
					throw r;
				}
				if (cause instanceof Error err) {
					throw err;
				}
				throw new IllegalStateException(cause);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new CancellationException("interrupted while waiting for another thread's computation");
			}
		}
	}

	private static void poll(BooleanSupplier cancelled) {
		if (cancelled.getAsBoolean()) {
			throw new CancellationException("indicator lookup cancelled");
		}
	}

	private double[][] fromMemory(IndicatorKey key) {
		synchronized (memory) {
			MemEntry e = memory.get(key);
			if (e == null) {
				return null;
			}
			memoryHits.incrementAndGet();
			return e.value;
		}
	}

	@Override
	public Optional<double[][]> getIfPresent(IndicatorKey key) {
		double[][] held = fromMemory(key);
		if (held != null) {
			return Optional.of(held);
		}
		double[][] fromDisk = readDisk(key, NEVER);
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
		List<DiskEntry> dropped = new ArrayList<>();
		synchronized (diskLock) {
			long now = clock.millis();
			for (DiskEntry e : new ArrayList<>(disk.values())) {
				if (all || expired(e, now)) {
					forget(e);
					dropped.add(e);
				}
			}
		}
		long entries = dropped.size();
		long bytes = 0;
		for (DiskEntry e : dropped) {
			bytes += e.size;
			deleteFile(e.file);
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

	/**
	 * The key's disk entry, or null when there is none, it expired, or it is damaged (then it is
	 * deleted). The file is read without holding the index lock, in slices between which
	 * {@code cancelled} is polled.
	 */
	private double[][] readDisk(IndicatorKey key, BooleanSupplier cancelled) {
		if (dir == null) {
			return null;
		}
		String name = fileName(key);
		long now = clock.millis();
		DiskEntry entry;
		synchronized (diskLock) {
			entry = disk.get(name);
			if (entry == null) {
				return null;
			}
			if (expired(entry, now)) {
				forget(entry);
				entry = null;
			}
		}
		if (entry == null) {
			deleteFile(name);
			saveIndex();
			return null;
		}
		try {
			Decoded decoded = read(dir.resolve(name), cancelled);
			if (decoded == null || !decoded.key.equals(key.text())) {
				throw new IOException("damaged cache entry");
			}
			synchronized (diskLock) {
				entry.lastUsed = now;
			}
			return decoded.value;
		} catch (NoSuchFileException e) {
			// deleted meanwhile (a prune, another process): a miss
			forgetIfCurrent(entry);
			return null;
		} catch (IOException | RuntimeException e) {
			if (e instanceof CancellationException cancel) {
				throw cancel;
			}
			damaged.incrementAndGet();
			if (forgetIfCurrent(entry)) {
				deleteFile(name);
			}
			saveIndex();
			return null;
		}
	}

	private boolean forgetIfCurrent(DiskEntry entry) {
		synchronized (diskLock) {
			if (disk.get(entry.file) != entry) {
				return false;
			}
			forget(entry);
			return true;
		}
	}

	/**
	 * Writes the entry to a temporary file in slices (abandoned, and the file deleted, once
	 * {@code cancelled} answers true), then moves it into place and records it. Only the
	 * bookkeeping holds the index lock.
	 */
	private void writeDisk(IndicatorKey key, double[][] value, BooleanSupplier cancelled) {
		if (dir == null) {
			return;
		}
		String name = fileName(key);
		long now = clock.millis();
		Path tmp = null;
		try {
			byte[] header = header(key.text(), now, value);
			long size = size(header, value);
			if (size > diskMaxBytes) {
				return;
			}
			Files.createDirectories(dir);
			tmp = Files.createTempFile(dir, name, ".tmp");
			write(tmp, header, value, cancelled);
			Path target = dir.resolve(name);
			List<DiskEntry> evicted;
			synchronized (diskLock) {
				move(tmp, target);
				tmp = null;
				DiskEntry old = disk.put(name, new DiskEntry(name, key.text(), size, now, now));
				if (old != null) {
					diskBytes -= old.size;
				}
				diskBytes += size;
				evicted = overCap();
			}
			// a key written again before its evicted file is gone finds no file: a miss, computed again
			evicted.forEach(e -> deleteLater(dir.resolve(e.file)));
			saveIndex();
		} catch (IOException | CancellationException e) {
			// the disk cache is an optimisation: a failed or cancelled write leaves the value in memory only
		} finally {
			if (tmp != null) {
				deleteLater(tmp);
			}
		}
	}

	/** Hands a file to the remover; one it cannot take is left for the next start (stray temp files) or prune. */
	private void deleteLater(Path file) {
		try {
			remover.execute(() -> deleteFile(file));
		} catch (RejectedExecutionException | OutOfMemoryError e) {
			// no thread for it now
		}
	}

	private static void move(Path from, Path to) throws IOException {
		try {
			Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		} catch (AtomicMoveNotSupportedException e) {
			Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	/** Forgets the least recently used entries until the cap holds; the caller deletes their files. */
	private List<DiskEntry> overCap() {
		List<DiskEntry> evicted = new ArrayList<>();
		if (diskBytes <= diskMaxBytes) {
			return evicted;
		}
		List<DiskEntry> byAge = new ArrayList<>(disk.values());
		byAge.sort(Comparator.comparingLong((DiskEntry e) -> e.lastUsed));
		for (DiskEntry e : byAge) {
			if (diskBytes <= diskMaxBytes) {
				break;
			}
			forget(e);
			evicted.add(e);
		}
		return evicted;
	}

	/** Removes an entry from the index (under {@link #diskLock}); its file is deleted by the caller. */
	private void forget(DiskEntry e) {
		disk.remove(e.file);
		diskBytes -= e.size;
	}

	private void deleteFile(String file) {
		deleteFile(dir.resolve(file));
	}

	private static void deleteFile(Path file) {
		try {
			Files.deleteIfExists(file);
		} catch (IOException ignored) {
			// left for the next prune
		}
	}

	record Decoded(String key, long created, double[][] value) {
	}

	/** An entry's header: magic, key, creation time, column count and lengths. */
	static byte[] header(String key, long created, double[][] value) {
		ByteArrayOutputStream head = new ByteArrayOutputStream(64 + key.length() * 3);
		try (DataOutputStream out = new DataOutputStream(head)) {
			out.writeInt(MAGIC);
			out.writeUTF(key);
			out.writeLong(created);
			out.writeInt(value.length);
			for (double[] column : value) {
				out.writeInt(column.length);
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		if (head.size() > IO_SLICE - 8) {
			throw new IllegalArgumentException("indicator key too long for a cache entry: " + key.length() + " characters");
		}
		return head.toByteArray();
	}

	/** The file size of an entry: header, columns, checksum. */
	static long size(byte[] header, double[][] value) {
		long size = header.length + 8L;
		for (double[] column : value) {
			size += 8L * column.length;
		}
		return size;
	}

	/**
	 * Writes an entry file: header, columns (big-endian doubles), CRC32 of what precedes it,
	 * through one {@link #IO_SLICE} buffer, polling {@code cancelled} before each slice. A write
	 * that does not finish leaves its file, still open, to the remover: closing a file whose
	 * blocks are being allocated can wait for the disk too.
	 */
	private void write(Path file, byte[] header, double[][] value, BooleanSupplier cancelled) throws IOException {
		CRC32 crc = new CRC32();
		ByteBuffer buffer = ByteBuffer.allocate(IO_SLICE);
		FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
				StandardOpenOption.TRUNCATE_EXISTING);
		boolean written = false;
		try {
			buffer.put(header);
			crc.update(header);
			for (double[] column : value) {
				for (int from = 0; from < column.length;) {
					if (buffer.remaining() < 8) {
						flush(ch, buffer, cancelled);
					}
					int n = Math.min(buffer.remaining() / 8, column.length - from);
					int start = buffer.position();
					buffer.asDoubleBuffer().put(column, from, n);
					buffer.position(start + 8 * n);
					crc.update(buffer.array(), start, 8 * n);
					from += n;
				}
			}
			if (buffer.remaining() < 8) {
				flush(ch, buffer, cancelled);
			}
			buffer.putLong(crc.getValue());
			flush(ch, buffer, cancelled);
			written = true;
		} finally {
			if (written) {
				ch.close();
			} else {
				closeLater(ch);
			}
		}
	}

	/**
	 * Hands an abandoned file's channel to the remover to close; one it cannot take is closed here.
	 * The writer's caller deletes the file through the same thread, after the close.
	 */
	private void closeLater(FileChannel ch) {
		try {
			remover.execute(() -> closeQuietly(ch));
		} catch (RejectedExecutionException | OutOfMemoryError e) {
			closeQuietly(ch);
		}
	}

	private static void closeQuietly(FileChannel ch) {
		try {
			ch.close();
		} catch (IOException ignored) {
			// its file is deleted, or left for the next start
		}
	}

	private static void flush(FileChannel ch, ByteBuffer buffer, BooleanSupplier cancelled) throws IOException {
		poll(cancelled);
		buffer.flip();
		while (buffer.hasRemaining()) {
			ch.write(buffer);
		}
		buffer.clear();
	}

	/** An entry file, or null when it is not a complete, intact entry. */
	static Decoded read(Path file) throws IOException {
		return read(file, NEVER);
	}

	/**
	 * An entry file read through one {@link #IO_SLICE} buffer straight into the columns' arrays,
	 * polling {@code cancelled} before each slice; null when it is not a complete, intact entry.
	 */
	private static Decoded read(Path file, BooleanSupplier cancelled) throws IOException {
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
			long size = ch.size();
			ByteBuffer buffer = ByteBuffer.allocate(IO_SLICE);
			buffer.limit(0);
			if (!refill(ch, buffer, cancelled)) {
				return null;
			}
			DataInputStream in = new DataInputStream(new ByteArrayInputStream(buffer.array(), 0, buffer.limit()));
			String key;
			long created;
			int[] lengths;
			long total = 0;
			try {
				if (in.readInt() != MAGIC) {
					return null;
				}
				key = in.readUTF();
				created = in.readLong();
				int columns = in.readInt();
				if (columns < 0 || columns > 1024) {
					return null;
				}
				lengths = new int[columns];
				for (int c = 0; c < columns; c++) {
					lengths[c] = in.readInt();
					if (lengths[c] < 0) {
						return null;
					}
					total += lengths[c];
				}
			} catch (EOFException truncated) {
				return null;
			}
			int headerLength = buffer.limit() - in.available();
			if (size != headerLength + 8 * total + 8) {
				return null;
			}
			CRC32 crc = new CRC32();
			crc.update(buffer.array(), 0, headerLength);
			buffer.position(headerLength);
			double[][] value = new double[lengths.length][];
			for (int c = 0; c < lengths.length; c++) {
				value[c] = new double[lengths[c]];
				for (int from = 0; from < lengths[c];) {
					if (buffer.remaining() < 8 && !refill(ch, buffer, cancelled)) {
						return null;
					}
					int n = Math.min(buffer.remaining() / 8, lengths[c] - from);
					crc.update(buffer.array(), buffer.position(), 8 * n);
					buffer.asDoubleBuffer().get(value[c], from, n);
					buffer.position(buffer.position() + 8 * n);
					from += n;
				}
			}
			if (buffer.remaining() < 8 && !refill(ch, buffer, cancelled)) {
				return null;
			}
			return buffer.getLong() == crc.getValue() ? new Decoded(key, created, value) : null;
		}
	}

	/** Keeps what the buffer has not handed out, reads until it is full or the file ends; false when nothing came. */
	private static boolean refill(FileChannel ch, ByteBuffer buffer, BooleanSupplier cancelled) throws IOException {
		poll(cancelled);
		buffer.compact();
		int read = 0;
		while (buffer.hasRemaining()) {
			int n = ch.read(buffer);
			if (n < 0) {
				break;
			}
			read += n;
		}
		buffer.flip();
		return read > 0;
	}

	// ------------------------------------------------------------------ index

	private void loadIndex() {
		deleteStrayTempFiles();
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

	/** Deletes temp files a crash left between a write and its move into place. */
	private void deleteStrayTempFiles() {
		try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.tmp")) {
			for (Path f : files) {
				deleteFile(f);
			}
		} catch (IOException e) {
			// none, or none readable: they stay until the next start
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
				Decoded d = read(f);
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

	/**
	 * Rewrites the index file from the entries known now. The index lock is held only to copy the
	 * entries; one thread writes the file at a time, and a thread that finds another one writing
	 * leaves it to that one, which writes again with the newer entries.
	 */
	private void saveIndex() {
		if (dir == null) {
			return;
		}
		indexStale.set(true);
		while (indexStale.get() && indexWriter.tryLock()) {
			try {
				if (indexStale.getAndSet(false)) {
					writeIndex();
				}
			} finally {
				indexWriter.unlock();
			}
		}
	}

	private void writeIndex() {
		if (!Files.isDirectory(dir)) {
			return;
		}
		StringBuilder sb = new StringBuilder("# file\tsize\tcreated\tlast-used\tkey\n");
		synchronized (diskLock) {
			for (DiskEntry e : disk.values()) {
				sb.append(e.file).append('\t').append(e.size).append('\t').append(e.created).append('\t')
						.append(e.lastUsed).append('\t').append(e.key).append('\n');
			}
		}
		Path tmp = null;
		try {
			tmp = Files.createTempFile(dir, INDEX, ".tmp");
			Files.writeString(tmp, sb, StandardCharsets.UTF_8);
			move(tmp, dir.resolve(INDEX));
			tmp = null;
		} catch (IOException e) {
			// rebuilt from the files next time
		} finally {
			if (tmp != null) {
				deleteFile(tmp);
			}
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
