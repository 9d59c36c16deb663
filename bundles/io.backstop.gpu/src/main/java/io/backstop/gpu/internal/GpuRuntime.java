package io.backstop.gpu.internal;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

import io.backstop.estop.api.DeviceMemoryProbe;
import io.backstop.estop.api.TypedConfiguration;
import io.backstop.gpu.Allocation;
import io.backstop.gpu.DeviceBuffer;
import io.backstop.gpu.GpuDevice;
import io.backstop.gpu.GpuRelease;
import io.backstop.gpu.GpuService;
import io.backstop.gpu.GpuUnavailableException;

/**
 * The GPU service: opens the device on first use, hands out and tracks buffers, and frees them
 * all on request. Registered whether or not a device is usable; without one it reports why and
 * never throws into the platform (only {@link #allocate} refuses, as its contract says).
 * <p>
 * Opening creates a CUDA context (hundreds of MB of device and host memory, and seconds on some
 * drivers), so it waits for a real use: {@link #probe()}, which the emergency stop calls before
 * and after every stop, and the stop's release never open the device themselves.
 * <p>
 * One lock serializes all device work, so the emergency stop cannot free a buffer under a
 * running copy or kernel; the stop waits for the lock only until its deadline.
 */
@Component(service = { GpuService.class, DeviceMemoryProbe.class, GpuRuntime.class }, configurationPid = GpuService.PID)
@Designate(ocd = GpuConfiguration.class)
public final class GpuRuntime implements GpuService, DeviceMemoryProbe {

	static final String NO_DEVICE = "no CUDA device";
	static final String NOT_OPENED = "the GPU has not been opened: nothing has used it yet";

	private static final System.Logger LOG = System.getLogger(GpuRuntime.class.getName());

	private final Function<Integer, DeviceBackend> opener; // null: JCuda
	private final ReentrantLock lock = new ReentrantLock();
	// changed under the lock only; concurrent so that listing never waits for device work
	private final Map<Long, TrackedBuffer> tracked = new ConcurrentSkipListMap<>();
	private long nextId = 1; // guarded by lock
	private volatile DeviceBackend backend;
	private volatile boolean openAttempted;
	private volatile int ordinal;
	private volatile String cause = "the GPU service is not active";

	public GpuRuntime() {
		this(null);
	}

	/** For tests: a backend other than JCuda. */
	GpuRuntime(Function<Integer, DeviceBackend> opener) {
		this.opener = opener;
	}

	/** A new device applies by reactivation: the open device is released and the new one opened on first use. */
	@Activate
	void activate(GpuConfiguration config) {
		select(TypedConfiguration.apply(GpuService.PID, GpuConfiguration.class, config, GpuRuntime::device, 0));
	}

	private static int device(GpuConfiguration config) {
		if (config.device() < 0) {
			throw new IllegalArgumentException("device must be a device ordinal, 0 or above: " + config.device());
		}
		return config.device();
	}

	/** The device to open on first use. */
	void select(int deviceOrdinal) {
		ordinal = deviceOrdinal;
	}

	/** Opens the device on the first call that needs it; later calls return at once. */
	private void ensureOpen() {
		if (openAttempted) {
			return;
		}
		lock.lock();
		try {
			if (!openAttempted) {
				open(ordinal);
				openAttempted = true;
			}
		} finally {
			lock.unlock();
		}
	}

	/** Whether the device was opened, or tried: until then no device memory can have been allocated. */
	boolean openAttempted() {
		return openAttempted;
	}

	private void open(int ordinal) {
		try {
			DeviceBackend opened = opener != null ? opener.apply(ordinal) : openJCuda(ordinal);
			backend = opened;
			cause = "";
			GpuDevice device = opened.selected();
			LOG.log(Level.INFO, "CUDA device {0}: {1}, {2} MiB, compute {3}.{4}, memory pool {5}", device.ordinal(),
					device.name(), device.totalBytes() >> 20, device.computeMajor(), device.computeMinor(),
					opened.pooled() ? "yes" : "no");
		} catch (LinkageError | RuntimeException e) {
			// no GPU, no driver, no natives: a normal state of this application, not an error
			backend = null;
			cause = CudaErrors.describe(e);
			LOG.log(Level.INFO, "GPU features off: " + NO_DEVICE + ": " + cause);
		}
	}

	/** Separate method: JCuda classes load only when this runs, inside the caller's try. */
	private static DeviceBackend openJCuda(int ordinal) {
		return PrivateNativeDirectory.load(() -> JCudaBackend.open(ordinal));
	}

	@Deactivate
	void deactivate() {
		lock.lock();
		try {
			DeviceBackend closing = backend;
			backend = null;
			openAttempted = true;
			cause = "the GPU service was stopped";
			tracked.values().forEach(TrackedBuffer::markReleased);
			tracked.clear();
			if (closing != null) {
				closing.close();
			}
		} finally {
			lock.unlock();
		}
	}

	@Override
	public boolean available() {
		ensureOpen();
		return backend != null;
	}

	@Override
	public String unavailableReason() {
		ensureOpen();
		return backend != null ? "" : NO_DEVICE + ": " + cause;
	}

	/** The underlying reason alone, for "no CUDA device (reason)". */
	String cause() {
		return backend != null ? "" : cause;
	}

	@Override
	public List<GpuDevice> devices() {
		ensureOpen();
		DeviceBackend b = backend;
		return b == null ? List.of() : b.devices();
	}

	@Override
	public Optional<GpuDevice> selectedDevice() {
		ensureOpen();
		DeviceBackend b = backend;
		return b == null ? Optional.empty() : Optional.of(b.selected());
	}

	@Override
	public DeviceBuffer allocate(long bytes, String owner) {
		if (bytes <= 0) {
			throw new IllegalArgumentException("bytes must be positive: " + bytes);
		}
		String who = owner == null || owner.isBlank() ? "unnamed" : owner;
		ensureOpen();
		lock.lock();
		try {
			DeviceBackend b = requireBackend();
			long handle;
			try {
				handle = b.allocate(bytes);
			} catch (RuntimeException e) {
				// callers should not need JCuda's exception type to handle an out-of-memory
				throw new IllegalStateException("could not allocate " + bytes + " bytes of device memory for " + who
						+ ": " + CudaErrors.describe(e), e);
			}
			TrackedBuffer buffer = new TrackedBuffer(this, nextId++, who, bytes, handle);
			tracked.put(buffer.id(), buffer);
			return buffer;
		} finally {
			lock.unlock();
		}
	}

	@Override
	public List<Allocation> allocations() {
		// ids rise with each allocation: the map's order is oldest first
		return tracked.values().stream().map(TrackedBuffer::allocation).toList();
	}

	@Override
	public long allocatedBytes() {
		return allocations().stream().mapToLong(Allocation::bytes).sum();
	}

	@Override
	public DeviceMemory memory() {
		ensureOpen();
		return currentMemory();
	}

	/** Device memory now, or why there is none, without opening the device. */
	private DeviceMemory currentMemory() {
		DeviceBackend b = backend;
		if (b == null) {
			return DeviceMemory.unavailable(openAttempted ? NO_DEVICE + ": " + cause : NOT_OPENED);
		}
		try {
			long[] info = b.memInfo();
			return new DeviceMemory(true, info[0], info[1], "");
		} catch (RuntimeException e) {
			return DeviceMemory.unavailable("cuMemGetInfo failed: " + CudaErrors.describe(e));
		}
	}

	/** {@link #memory()} once the device is open; before, unavailable with the reason, and the device stays closed. */
	@Override
	public DeviceMemory probe() {
		return currentMemory();
	}

	@Override
	public GpuRelease releaseAll() {
		lock.lock();
		try {
			return releaseLocked();
		} finally {
			lock.unlock();
		}
	}

	/** {@link #releaseAll()}, waiting for running device work at most {@code wait}; empty if it did not finish. */
	Optional<GpuRelease> releaseAll(Duration wait) throws InterruptedException {
		if (!lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
			return Optional.empty();
		}
		try {
			return Optional.of(releaseLocked());
		} finally {
			lock.unlock();
		}
	}

	private GpuRelease releaseLocked() {
		DeviceMemory before = currentMemory();
		DeviceBackend b = backend;
		List<TrackedBuffer> buffers = new ArrayList<>(tracked.values());
		LinkedHashSet<String> owners = new LinkedHashSet<>();
		long bytes = 0;
		int count = 0;
		RuntimeException firstFailure = null;
		for (TrackedBuffer buffer : buffers) {
			// marked and untracked even if the free fails: its owner must not use it again
			buffer.markReleased();
			tracked.remove(buffer.id());
			try {
				if (b != null) {
					b.free(buffer.handle());
				}
				bytes += buffer.bytes();
				count++;
				owners.add(buffer.owner());
			} catch (RuntimeException e) {
				firstFailure = firstFailure == null ? e : firstFailure;
			}
		}
		if (b != null) {
			b.trimPool();
			b.synchronize();
		}
		if (firstFailure != null) {
			throw new IllegalStateException("freed " + count + " of " + buffers.size() + " device buffers; "
					+ CudaErrors.describe(firstFailure), firstFailure);
		}
		return new GpuRelease(count, bytes, List.copyOf(owners), before, currentMemory());
	}

	void free(TrackedBuffer buffer) {
		lock.lock();
		try {
			if (tracked.remove(buffer.id()) == null) {
				return; // already closed, or freed by the emergency stop
			}
			buffer.markReleased();
			DeviceBackend b = backend;
			if (b != null) {
				b.free(buffer.handle());
			}
		} finally {
			lock.unlock();
		}
	}

	void copyIn(TrackedBuffer buffer, double[] source) {
		withBuffer(buffer, (long) source.length * Double.BYTES, b -> b.copyToDevice(buffer.handle(), source));
	}

	void copyIn(TrackedBuffer buffer, int[] source) {
		withBuffer(buffer, (long) source.length * Integer.BYTES, b -> b.copyToDevice(buffer.handle(), source));
	}

	void copyOut(TrackedBuffer buffer, double[] target) {
		withBuffer(buffer, (long) target.length * Double.BYTES, b -> b.copyToHost(buffer.handle(), target));
	}

	/** Runs device work with the lock held and the buffers checked live: the stop cannot free them under it. */
	void withLiveBuffers(List<TrackedBuffer> buffers, java.util.function.Consumer<DeviceBackend> work) {
		lock.lock();
		try {
			DeviceBackend b = requireBackend();
			for (TrackedBuffer buffer : buffers) {
				requireLive(buffer);
			}
			work.accept(b);
		} finally {
			lock.unlock();
		}
	}

	/** The kernel's availability; compiles it on first call. */
	String kernelUnavailableReason() {
		ensureOpen();
		lock.lock();
		try {
			DeviceBackend b = backend;
			return b == null ? unavailableReason() : b.kernelUnavailableReason();
		} finally {
			lock.unlock();
		}
	}

	private void withBuffer(TrackedBuffer buffer, long bytes, java.util.function.Consumer<DeviceBackend> work) {
		if (bytes > buffer.bytes()) {
			throw new IllegalArgumentException(bytes + " bytes do not fit " + buffer);
		}
		withLiveBuffers(List.of(buffer), work);
	}

	private void requireLive(TrackedBuffer buffer) {
		if (buffer.isReleased() || !tracked.containsKey(buffer.id())) {
			throw new IllegalStateException(buffer + " was released (closed, or freed by the emergency stop)");
		}
	}

	private DeviceBackend requireBackend() {
		DeviceBackend b = backend;
		if (b == null) {
			throw new GpuUnavailableException(unavailableReason());
		}
		return b;
	}
}
