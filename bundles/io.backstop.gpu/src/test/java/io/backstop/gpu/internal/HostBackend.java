package io.backstop.gpu.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.backstop.gpu.GpuDevice;
import io.backstop.gpu.RollingStats;
import io.backstop.gpu.TestSeries;

/**
 * A device made of host memory, so the runtime's tracking, release and reporting can be
 * exercised without a GPU. Free memory is total minus what is allocated, like a device
 * whose pool releases at once.
 */
final class HostBackend implements DeviceBackend {

	static final long TOTAL = 1L << 30;

	final Map<Long, byte[]> raw = new HashMap<>();
	final Map<Long, double[]> doubles = new HashMap<>();
	final Map<Long, int[]> ints = new HashMap<>();
	int trims;
	int synchronizations;
	boolean closed;
	private long next = 1;

	@Override
	public List<GpuDevice> devices() {
		return List.of(selected());
	}

	@Override
	public GpuDevice selected() {
		return new GpuDevice(0, "host test device", TOTAL, 9, 0, true);
	}

	@Override
	public boolean pooled() {
		return true;
	}

	@Override
	public long allocate(long bytes) {
		long handle = next++;
		raw.put(handle, new byte[(int) bytes]);
		return handle;
	}

	@Override
	public void free(long handle) {
		if (raw.remove(handle) == null) {
			throw new IllegalStateException("double free of " + handle);
		}
		doubles.remove(handle);
		ints.remove(handle);
	}

	@Override
	public void copyToDevice(long handle, double[] source) {
		doubles.put(live(handle), source.clone());
	}

	@Override
	public void copyToDevice(long handle, int[] source) {
		ints.put(live(handle), source.clone());
	}

	@Override
	public void copyToHost(long handle, double[] target) {
		double[] data = doubles.get(live(handle));
		System.arraycopy(data, 0, target, 0, target.length);
	}

	@Override
	public void trimPool() {
		trims++;
	}

	@Override
	public void synchronize() {
		synchronizations++;
	}

	@Override
	public long[] memInfo() {
		long used = raw.values().stream().mapToLong(b -> b.length).sum();
		return new long[] { TOTAL - used, TOTAL };
	}

	@Override
	public String kernelUnavailableReason() {
		return "";
	}

	@Override
	public void rollingStats(long series, int length, long periods, int periodCount, long mean, long std) {
		// the kernel's contract, computed the slow way on the host
		RollingStats r = TestSeries.naive(doubles.get(live(series)), ints.get(live(periods)));
		double[] m = new double[length * periodCount];
		double[] s = new double[length * periodCount];
		for (int k = 0; k < periodCount; k++) {
			System.arraycopy(r.mean()[k], 0, m, k * length, length);
			System.arraycopy(r.std()[k], 0, s, k * length, length);
		}
		doubles.put(live(mean), m);
		doubles.put(live(std), s);
	}

	@Override
	public void close() {
		closed = true;
		raw.clear();
	}

	private long live(long handle) {
		if (!raw.containsKey(handle)) {
			throw new IllegalStateException("use after free of " + handle);
		}
		return handle;
	}
}
