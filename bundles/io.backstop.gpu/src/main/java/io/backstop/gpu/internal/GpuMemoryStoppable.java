package io.backstop.gpu.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.backstop.estop.api.DeviceMemoryProbe.DeviceMemory;
import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StepStatus;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.Stoppable;
import io.backstop.gpu.GpuRelease;

/**
 * Emergency stop step, device-memory band: frees every tracked device buffer, trims the pool
 * to zero and synchronizes, reporting bytes freed and VRAM before and after. CLEANED only when it
 * freed buffers; SKIPPED with the reason when none were held, when nothing has opened the device
 * yet (it does not open it) and without a device.
 */
@Component(service = Stoppable.class, property = { Stoppable.ORDER + ":Integer=400",
		Stoppable.TIMEOUT_MS + ":Long=5000" })
public final class GpuMemoryStoppable implements Stoppable {

	static final String ID = "gpu.memory";
	static final String NOTHING_ALLOCATED = "no device memory allocated";
	private static final Duration RELEASE_MARGIN = Duration.ofMillis(250);

	@Reference
	private GpuRuntime runtime;

	public GpuMemoryStoppable() {
	}

	/** For tests outside OSGi. */
	GpuMemoryStoppable(GpuRuntime runtime) {
		this.runtime = runtime;
	}

	@Override
	public String id() {
		return ID;
	}

	@Override
	public String label() {
		return "Free GPU memory";
	}

	@Override
	public StepResult stop(StopContext context) throws Exception {
		if (!runtime.openAttempted()) {
			return StepResult.skipped(NOTHING_ALLOCATED + " (" + GpuRuntime.NOT_OPENED + ")");
		}
		if (!runtime.available()) {
			return StepResult.skipped(GpuRuntime.NO_DEVICE + " (" + runtime.cause() + ")");
		}
		int held = runtime.allocations().size();
		context.progress("freeing " + held + " device buffer(s), trimming the memory pool");
		// leave time to free and report before the deadline, or the step would be abandoned as TIMED_OUT
		Duration wait = context.remaining().minus(RELEASE_MARGIN);
		Optional<GpuRelease> done = runtime.releaseAll(wait.isNegative() ? Duration.ZERO : wait);
		if (done.isEmpty()) {
			String message = "device work still held the GPU at the step's deadline; buffers not freed";
			return new StepResult(StepStatus.FAILED, message, List.of(), 0, Map.of(), message);
		}
		return report(done.get());
	}

	static StepResult report(GpuRelease release) {
		DeviceMemory before = release.before();
		DeviceMemory after = release.after();
		String vram = before.available() && after.available()
				? "; VRAM free " + mib(before.freeBytes()) + " -> " + mib(after.freeBytes()) + " of "
						+ mib(after.totalBytes())
				: "";
		Map<String, Long> counters = new LinkedHashMap<>();
		counters.put("buffers.freed", (long) release.buffersFreed());
		counters.put("bytes.freed", release.bytesFreed());
		counters.put("vram.free.before", before.available() ? before.freeBytes() : -1);
		counters.put("vram.free.after", after.available() ? after.freeBytes() : -1);
		counters.put("vram.total", after.available() ? after.totalBytes() : -1);
		counters.put("vram.gain", release.vramFreeGain());
		if (release.buffersFreed() == 0) {
			// VRAM that became free meanwhile was freed by someone else: not this step's doing
			return StepResult.skipped(NOTHING_ALLOCATED + "; pool trimmed" + vram).withCounters(counters);
		}
		List<String> components = new ArrayList<>(release.owners());
		components.add("cuda memory pool");
		String detail = "freed " + release.buffersFreed() + " device buffer(s), " + mib(release.bytesFreed()) + vram;
		return StepResult.cleaned(detail, release.bytesFreed(), components).withCounters(counters);
	}

	private static String mib(long bytes) {
		return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
	}
}
