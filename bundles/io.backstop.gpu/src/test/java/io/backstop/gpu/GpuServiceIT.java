package io.backstop.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

import io.backstop.estop.api.StopRequest;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.DeviceMemoryProbe;
import io.backstop.estop.api.DeviceMemoryProbe.DeviceMemory;
import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StepStatus;
import io.backstop.estop.api.Stoppable;

/**
 * The GPU bundle inside Equinox with Felix SCR. Without a GPU: the services resolve and say
 * "no CUDA device", the stop step is SKIPPED with the reason. With one (releng/gpu-check.sh,
 * -Dbackstop.gpu.required=true): pool allocations, the kernel against the CPU, the stop step,
 * and VRAM free back to its level before the allocations.
 */
class GpuServiceIT {

	private static final long MIB = 1 << 20;

	private final BundleContext context = FrameworkUtil.getBundle(GpuServiceIT.class).getBundleContext();
	private final List<ServiceTracker<?, ?>> trackers = new ArrayList<>();

	@AfterEach
	void closeTrackers() {
		trackers.forEach(ServiceTracker::close);
	}

	private <T> T service(Class<T> type) throws InterruptedException {
		ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
		tracker.open();
		trackers.add(tracker);
		T service = tracker.waitForService(TimeUnit.SECONDS.toMillis(10));
		assertNotNull(service, type.getSimpleName() + " not registered");
		return service;
	}

	private Stoppable gpuStep() throws Exception {
		service(GpuService.class);
		for (ServiceReference<Stoppable> ref : context.getServiceReferences(Stoppable.class, "(estop.order=400)")) {
			Stoppable step = context.getService(ref);
			if (step != null && "gpu.memory".equals(step.id())) {
				assertEquals(5000L, ref.getProperty(Stoppable.TIMEOUT_MS));
				return step;
			}
		}
		throw new AssertionError("no Stoppable gpu.memory with estop.order=400");
	}

	private static boolean gpuRequired() {
		return Boolean.getBoolean("backstop.gpu.required");
	}

	@Test
	void withoutADeviceEverythingResolvesAndTheStepIsSkippedWithTheReason() throws Exception {
		GpuService gpu = service(GpuService.class);
		assumeFalse(gpu.available(), "a CUDA device is present: " + gpu.devices());
		assertFalse(gpuRequired(), "GPU required but " + gpu.unavailableReason());
		String reason = gpu.unavailableReason();
		System.out.println("GPU service: " + reason);
		assertTrue(reason.startsWith("no CUDA device: "), reason);
		assertFalse(reason.contains("\n"), reason);
		assertTrue(gpu.devices().isEmpty());

		DeviceMemory probed = service(DeviceMemoryProbe.class).probe();
		assertFalse(probed.available());
		assertEquals(reason, probed.reason());

		long started = System.nanoTime();
		StepResult result = gpuStep().stop(StopContext.of(StopRequest.of("test", "test"), Duration.ofSeconds(5), line -> { }));
		long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
		System.out.println("gpu.memory step: " + result.status() + " " + result.detail() + " in " + millis + " ms");
		assertEquals(StepStatus.SKIPPED, result.status());
		assertEquals("no CUDA device (" + reason.substring("no CUDA device: ".length()) + ")", result.detail());

		RollingStatsService stats = service(RollingStatsService.class);
		assertFalse(stats.deviceAvailable());
		RollingStats cpu = stats.compute(TestSeries.randomWalk(1_000, 100, 1, 5), new int[] { 10, 20 });
		assertEquals("cpu", cpu.backend());
	}

	@Test
	void onADevicePoolKernelAndStopReturnVram() throws Exception {
		GpuService gpu = service(GpuService.class);
		if (gpuRequired()) {
			assertTrue(gpu.available(), "GPU required: " + gpu.unavailableReason());
		}
		org.junit.jupiter.api.Assumptions.assumeTrue(gpu.available(), gpu.unavailableReason());
		RollingStatsService stats = service(RollingStatsService.class);
		Stoppable step = gpuStep();
		System.out.println("devices: " + gpu.devices() + ", selected " + gpu.selectedDevice().orElseThrow());
		assertTrue(stats.deviceAvailable(), stats.deviceUnavailableReason());

		// warm up (NVRTC compile, module load) and start clean, so the baseline is the steady state
		double[] close = TestSeries.randomWalk(100_000, 4_000, 0.5, 1);
		int[] periods = new int[40];
		for (int k = 0; k < periods.length; k++) {
			periods[k] = 5 + 5 * k;
		}
		stats.computeOnDevice(close, new int[] { 5 });
		step.stop(StopContext.of(StopRequest.of("test", "test"), Duration.ofSeconds(5), line -> { }));
		DeviceMemory baseline = gpu.memory();
		System.out.println("VRAM before allocations: " + baseline);

		List<DeviceBuffer> buffers = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			buffers.add(gpu.allocate(256 * MIB, "gpu-check"));
		}
		assertEquals(4, gpu.allocations().size());
		assertEquals(1024 * MIB, gpu.allocatedBytes());
		DeviceMemory loaded = gpu.memory();
		System.out.println("VRAM with 1 GiB allocated: " + loaded);
		assertTrue(baseline.freeBytes() - loaded.freeBytes() >= 1000 * MIB, "allocations visible in cuMemGetInfo");

		RollingStats device = stats.computeOnDevice(close, periods);
		RollingStats cpu = RollingStatsCpu.compute(close, periods);
		double difference = RollingStats.maxRelativeDifference(device, cpu, RollingStats.scaleOf(close));
		System.out.println("kernel " + device.backend() + " vs cpu: max relative difference " + difference);
		assertTrue(device.backend().startsWith("gpu: "), device.backend());
		assertTrue(difference < 1e-9, "max relative difference " + difference);
		assertEquals(4, gpu.allocations().size(), "the kernel's own buffers are freed");

		StepResult result = step.stop(StopContext.of(StopRequest.of("test", "test"), Duration.ofSeconds(5), line -> { }));
		System.out.println("gpu.memory step: " + result.status() + " " + result.detail() + " " + result.counters());
		assertEquals(StepStatus.CLEANED, result.status());
		assertEquals(1024 * MIB, result.bytesReleased());
		assertTrue(result.componentsCleaned().contains("gpu-check"));
		assertTrue(buffers.stream().allMatch(DeviceBuffer::isReleased));
		assertTrue(gpu.allocations().isEmpty());

		DeviceMemory after = gpu.memory();
		System.out.println("VRAM after the stop: " + after);
		// other processes may use the same GPU: allow a little drift, not the gigabyte
		assertTrue(after.freeBytes() >= baseline.freeBytes() - 16 * MIB,
				"VRAM free back to its level: before " + baseline.freeBytes() + ", after " + after.freeBytes());
	}
}
