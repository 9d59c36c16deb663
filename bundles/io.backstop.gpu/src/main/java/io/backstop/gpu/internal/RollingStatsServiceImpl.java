package io.backstop.gpu.internal;

import java.lang.System.Logger.Level;
import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.backstop.gpu.DeviceBuffer;
import io.backstop.gpu.GpuUnavailableException;
import io.backstop.gpu.RollingStats;
import io.backstop.gpu.RollingStatsCpu;
import io.backstop.gpu.RollingStatsService;

/**
 * Offloads {@link RollingStats} to the device: four tracked buffers from the pool (series,
 * periods, means, deviations), one kernel launch, copy back, free. The buffers are tracked
 * like any other, so an emergency stop in between frees them and the computation fails
 * cleanly instead of writing to freed memory; {@link #compute} then falls back to the CPU.
 */
@Component(service = RollingStatsService.class)
public final class RollingStatsServiceImpl implements RollingStatsService {

	static final String OWNER = "rolling-stats";

	private static final System.Logger LOG = System.getLogger(RollingStatsServiceImpl.class.getName());

	@Reference
	private GpuRuntime runtime;

	public RollingStatsServiceImpl() {
	}

	/** For tests outside OSGi. */
	RollingStatsServiceImpl(GpuRuntime runtime) {
		this.runtime = runtime;
	}

	@Override
	public RollingStats compute(double[] series, int[] periods) {
		RollingStatsCpu.validate(series, periods);
		if (deviceAvailable()) {
			try {
				return computeOnDevice(series, periods);
			} catch (RuntimeException e) {
				LOG.log(Level.WARNING, "rolling statistics fell back to the CPU: " + CudaErrors.describe(e));
			}
		}
		return RollingStatsCpu.compute(series, periods);
	}

	@Override
	public RollingStats computeOnDevice(double[] series, int[] periods) {
		RollingStatsCpu.validate(series, periods);
		String reason = deviceUnavailableReason();
		if (!reason.isEmpty()) {
			throw new GpuUnavailableException(reason);
		}
		int n = series.length;
		int np = periods.length;
		long cells = (long) n * np;
		if (cells > Integer.MAX_VALUE - 8) {
			throw new IllegalArgumentException(n + " bars x " + np + " periods exceed one result array");
		}
		if (cells == 0) {
			return RollingStatsCpu.compute(series, periods);
		}
		double[] meanFlat = new double[(int) cells];
		double[] stdFlat = new double[(int) cells];
		try (DeviceBuffer x = runtime.allocate((long) n * Double.BYTES, OWNER);
				DeviceBuffer p = runtime.allocate((long) np * Integer.BYTES, OWNER);
				DeviceBuffer mean = runtime.allocate(cells * Double.BYTES, OWNER);
				DeviceBuffer std = runtime.allocate(cells * Double.BYTES, OWNER)) {
			List<TrackedBuffer> all = List.of((TrackedBuffer) x, (TrackedBuffer) p, (TrackedBuffer) mean,
					(TrackedBuffer) std);
			runtime.copyIn((TrackedBuffer) x, series);
			runtime.copyIn((TrackedBuffer) p, periods);
			runtime.withLiveBuffers(all, backend -> backend.rollingStats(((TrackedBuffer) x).handle(), n,
					((TrackedBuffer) p).handle(), np, ((TrackedBuffer) mean).handle(), ((TrackedBuffer) std).handle()));
			mean.copyToHost(meanFlat);
			std.copyToHost(stdFlat);
		}
		double[][] means = new double[np][];
		double[][] stds = new double[np][];
		for (int k = 0; k < np; k++) {
			means[k] = java.util.Arrays.copyOfRange(meanFlat, k * n, (k + 1) * n);
			stds[k] = java.util.Arrays.copyOfRange(stdFlat, k * n, (k + 1) * n);
		}
		String device = runtime.selectedDevice().map(d -> d.name()).orElse("?");
		return new RollingStats(periods.clone(), n, means, stds, "gpu: " + device);
	}

	@Override
	public boolean deviceAvailable() {
		return deviceUnavailableReason().isEmpty();
	}

	@Override
	public String deviceUnavailableReason() {
		return runtime.kernelUnavailableReason();
	}
}
