package io.backstop.gpu.internal;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.backstop.estop.api.DeviceMemoryProbe.DeviceMemory;
import io.backstop.estop.api.StopRequest;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StepStatus;
import io.backstop.gpu.Allocation;
import io.backstop.gpu.DeviceBuffer;
import io.backstop.gpu.GpuRelease;
import io.backstop.gpu.GpuUnavailableException;
import io.backstop.gpu.RollingStats;
import io.backstop.gpu.RollingStatsCpu;
import io.backstop.gpu.TestSeries;

/** Tracking, release and the stop step on a host-memory backend; the device-free logic of the GPU bundle. */
class GpuRuntimeTest {

	private final HostBackend host = new HostBackend();

	private GpuRuntime runtime() {
		GpuRuntime runtime = new GpuRuntime(ordinal -> host);
		runtime.select(0);
		return runtime;
	}

	@Test
	void tracksBuffersByOwnerUntilClosed() {
		GpuRuntime runtime = runtime();
		DeviceBuffer a = runtime.allocate(1024, "sweep:rsi");
		DeviceBuffer b = runtime.allocate(4096, "indicators");
		assertEquals(List.of("sweep:rsi", "indicators"), runtime.allocations().stream().map(Allocation::owner).toList());
		assertEquals(5120, runtime.allocatedBytes());
		assertEquals(HostBackend.TOTAL - 5120, runtime.memory().freeBytes());
		a.close();
		a.close(); // idempotent
		assertTrue(a.isReleased());
		assertEquals(List.of(b.id()), runtime.allocations().stream().map(Allocation::id).toList());
		double[] data = { 1, 2, 3 };
		b.copyFromHost(data);
		double[] back = new double[3];
		b.copyToHost(back);
		assertEquals(List.of(1.0, 2.0, 3.0), List.of(back[0], back[1], back[2]));
		assertThrows(IllegalArgumentException.class, () -> b.copyFromHost(new double[513]), "does not fit");
	}

	@Test
	void releaseAllFreesEveryBufferTrimsAndSynchronizes() {
		GpuRuntime runtime = runtime();
		DeviceBuffer a = runtime.allocate(1 << 20, "sweep:grid");
		runtime.allocate(2 << 20, "sweep:grid");
		runtime.allocate(3 << 20, "rolling-stats");
		GpuRelease release = runtime.releaseAll();
		assertEquals(3, release.buffersFreed());
		assertEquals(6 << 20, release.bytesFreed());
		assertEquals(List.of("sweep:grid", "rolling-stats"), release.owners());
		assertEquals(HostBackend.TOTAL - (6 << 20), release.before().freeBytes());
		assertEquals(HostBackend.TOTAL, release.after().freeBytes());
		assertEquals(6 << 20, release.vramFreeGain());
		assertTrue(host.raw.isEmpty());
		assertEquals(1, host.trims);
		assertTrue(host.synchronizations >= 1);
		assertTrue(a.isReleased());
		IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.copyFromHost(new double[1]));
		assertTrue(e.getMessage().contains("emergency stop"), e.getMessage());
		a.close(); // the owner's own close after the stop is harmless
		assertTrue(runtime.allocations().isEmpty());
	}

	@Test
	void stopStepReportsBytesAndVramBeforeAndAfter() throws Exception {
		GpuRuntime runtime = runtime();
		runtime.allocate(8 << 20, "sweep:grid");
		runtime.allocate(8 << 20, "indicators");
		List<String> progress = new CopyOnWriteArrayList<>();
		StopContext context = StopContext.of(StopRequest.of("test", "test"), Duration.ofSeconds(5), progress::add);
		StepResult result = new GpuMemoryStoppable(runtime).stop(context);
		assertEquals(StepStatus.CLEANED, result.status());
		assertEquals(16 << 20, result.bytesReleased());
		assertEquals(List.of("sweep:grid", "indicators", "cuda memory pool"), result.componentsCleaned());
		assertEquals(2L, result.counters().get("buffers.freed"));
		assertEquals(HostBackend.TOTAL - (16 << 20), result.counters().get("vram.free.before"));
		assertEquals(HostBackend.TOTAL, result.counters().get("vram.free.after"));
		assertTrue(result.detail().contains("freed 2 device buffer(s), 16.0 MiB"), result.detail());
		assertFalse(progress.isEmpty());

		StepResult again = new GpuMemoryStoppable(runtime).stop(StopContext.of(StopRequest.of("test", "test"), Duration.ofSeconds(5), line -> { }));
		assertEquals(StepStatus.SKIPPED, again.status(), "nothing left to free");
	}

	@Test
	void withoutADeviceTheServiceReportsWhyAndTheStepIsSkipped() throws Exception {
		GpuRuntime runtime = new GpuRuntime(ordinal -> {
			throw new UnsatisfiedLinkError("Error while loading native library \"JCudaDriver-12.6.0-linux-x86_64\"\n"
					+ "Stack trace from the attempt to load the library as a resource:\n"
					+ "java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: "
					+ "cannot open shared object file: No such file or directory\n\tat java.base/...");
		});
		runtime.select(0);
		assertFalse(runtime.available());
		assertEquals("no CUDA device: libcuda.so.1: cannot open shared object file: No such file or directory",
				runtime.unavailableReason());
		assertTrue(runtime.devices().isEmpty());
		assertFalse(runtime.memory().available());
		assertEquals(runtime.unavailableReason(), runtime.probe().reason());
		assertThrows(GpuUnavailableException.class, () -> runtime.allocate(16, "x"));
		StepResult result = new GpuMemoryStoppable(runtime).stop(StopContext.of(StopRequest.of("test", "test"), Duration.ofSeconds(1), line -> { }));
		assertEquals(StepStatus.SKIPPED, result.status());
		assertEquals("no CUDA device (libcuda.so.1: cannot open shared object file: No such file or directory)",
				result.detail());
		assertEquals(0, runtime.releaseAll().buffersFreed(), "releasing without a device is a no-op, not an error");
	}

	@Test
	@org.junit.jupiter.api.Timeout(20) // a regression here would hang the build, not fail it
	void stopStepFailsInsteadOfWaitingPastItsDeadlineForBusyDeviceWork() throws Exception {
		GpuRuntime runtime = runtime();
		runtime.allocate(64, "sweep:grid");
		java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
		java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
		Thread worker = new Thread(() -> runtime.withLiveBuffers(List.of(), backend -> {
			holding.countDown();
			try {
				release.await();
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}));
		worker.start();
		holding.await();
		try {
			StepResult result = new GpuMemoryStoppable(runtime).stop(StopContext.of(StopRequest.of("test", "test"), Duration.ofMillis(300), line -> { }));
			assertEquals(StepStatus.FAILED, result.status());
			assertTrue(result.error().contains("still held the GPU"), result.error());
		} finally {
			release.countDown();
			worker.join();
		}
		assertEquals(1, runtime.allocations().size(), "nothing was freed under the running work");
	}

	@Test
	void offloadedComputationUsesTrackedBuffersAndFreesThem() {
		GpuRuntime runtime = runtime();
		RollingStatsServiceImpl service = new RollingStatsServiceImpl(runtime);
		double[] close = TestSeries.randomWalk(2_000, 100, 0.3, 11);
		int[] periods = { 5, 20, 50 };
		RollingStats device = service.computeOnDevice(close, periods);
		RollingStats cpu = RollingStatsCpu.compute(close, periods);
		assertTrue(RollingStats.maxRelativeDifference(device, cpu, RollingStats.scaleOf(close)) < 1e-9);
		assertEquals("gpu: host test device", device.backend());
		assertTrue(runtime.allocations().isEmpty(), "the computation's buffers are freed");
		assertTrue(host.raw.isEmpty());
	}

	@Test
	void computeFallsBackToTheCpuWithoutADevice() {
		GpuRuntime runtime = new GpuRuntime(ordinal -> {
			throw new IllegalStateException("the CUDA driver reports no devices");
		});
		runtime.select(0);
		RollingStatsServiceImpl service = new RollingStatsServiceImpl(runtime);
		assertFalse(service.deviceAvailable());
		assertEquals("no CUDA device: the CUDA driver reports no devices", service.deviceUnavailableReason());
		assertEquals("cpu", service.compute(new double[] { 1, 2, 3 }, new int[] { 2 }).backend());
		assertThrows(GpuUnavailableException.class, () -> service.computeOnDevice(new double[3], new int[] { 2 }));
	}

	@Test
	void deactivationClosesTheBackendAndReleasesBuffers() {
		GpuRuntime runtime = runtime();
		DeviceBuffer buffer = runtime.allocate(64, "x");
		runtime.deactivate();
		assertTrue(host.closed);
		assertTrue(buffer.isReleased());
		assertFalse(runtime.available());
		assertTrue(runtime.unavailableReason().startsWith("no CUDA device: "));
	}

	@Test
	void theProbeAndTheStopStepDoNotOpenTheDeviceNothingHasUsed() throws Exception {
		AtomicInteger opened = new AtomicInteger();
		GpuRuntime runtime = new GpuRuntime(ordinal -> {
			opened.incrementAndGet();
			return host;
		});
		runtime.select(0);

		DeviceMemory probed = runtime.probe();
		StepResult result = new GpuMemoryStoppable(runtime)
				.stop(StopContext.of(StopRequest.of("test", "test"), Duration.ofSeconds(1), line -> { }));

		assertEquals(0, opened.get(), "no CUDA context for a probe or a stop");
		assertFalse(probed.available());
		assertEquals(GpuRuntime.NOT_OPENED, probed.reason());
		assertEquals(StepStatus.SKIPPED, result.status());
		assertEquals("no device memory allocated (" + GpuRuntime.NOT_OPENED + ")", result.detail());

		runtime.allocate(1024, "sweep:grid");
		runtime.allocate(1024, "sweep:grid");
		assertEquals(1, opened.get(), "opened on first use, once");
		assertTrue(runtime.probe().available());
	}

	@Test
	void vramFreedBySomeoneElseWhileNoBufferWasHeldIsNotACleaning() {
		DeviceMemory before = new DeviceMemory(true, 1L << 30, 8L << 30, "");
		DeviceMemory after = new DeviceMemory(true, 2L << 30, 8L << 30, "");

		StepResult result = GpuMemoryStoppable.report(new GpuRelease(0, 0, List.of(), before, after));

		assertEquals(StepStatus.SKIPPED, result.status());
		assertTrue(result.detail().startsWith("no device memory allocated"), result.detail());
		assertEquals(0, result.bytesReleased());
		assertTrue(result.componentsCleaned().isEmpty());
	}
}
