package io.backstop.gpu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.backstop.estop.api.StopRequest;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StepStatus;

/**
 * The real JCuda path in a plain JVM. Without a GPU (this project's build machines) it must
 * end in a one-line "no CUDA device" reason, not an exception; with one, the device opens.
 */
class JCudaProbeTest {

	@Test
	void opensTheDeviceOrExplainsInOneLineWhyNot() throws Exception {
		GpuRuntime runtime = new GpuRuntime();
		runtime.select(0);
		try {
			if (runtime.available()) {
				assertFalse(runtime.devices().isEmpty());
				assertTrue(runtime.memory().totalBytes() > 0);
				return;
			}
			assertFalse(Boolean.getBoolean("backstop.gpu.required"), "GPU required: " + runtime.unavailableReason());
			String reason = runtime.unavailableReason();
			assertTrue(reason.startsWith("no CUDA device: "), reason);
			assertFalse(reason.contains("\n"), "one line, no stack trace: " + reason);
			System.out.println("JCuda without a GPU: " + reason);
			StepResult step = new GpuMemoryStoppable(runtime).stop(StopContext.of(StopRequest.of("test", "test"), Duration.ofSeconds(1), line -> { }));
			assertEquals(StepStatus.SKIPPED, step.status());
			assertEquals("no CUDA device (" + runtime.cause() + ")", step.detail());
			// a second activation in the same JVM meets the failed class initializer: same kind of answer
			GpuRuntime second = new GpuRuntime();
			second.select(0);
			assertFalse(second.available());
			assertTrue(second.unavailableReason().startsWith("no CUDA device: "), second.unavailableReason());
			System.out.println("JCuda second attempt: " + second.unavailableReason());
		} finally {
			runtime.deactivate();
		}
	}
}
