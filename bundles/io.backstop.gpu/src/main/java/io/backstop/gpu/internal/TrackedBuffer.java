package io.backstop.gpu.internal;

import java.time.Instant;

import io.backstop.gpu.Allocation;
import io.backstop.gpu.DeviceBuffer;

/** A device buffer handed out by {@link GpuRuntime}; every operation goes through the runtime's lock. */
final class TrackedBuffer implements DeviceBuffer {

	private final GpuRuntime runtime;
	private final Allocation allocation;
	private final long handle;
	private volatile boolean released;

	TrackedBuffer(GpuRuntime runtime, long id, String owner, long bytes, long handle) {
		this.runtime = runtime;
		this.allocation = new Allocation(id, owner, bytes, Instant.now());
		this.handle = handle;
	}

	Allocation allocation() {
		return allocation;
	}

	long handle() {
		return handle;
	}

	void markReleased() {
		released = true;
	}

	@Override
	public long id() {
		return allocation.id();
	}

	@Override
	public String owner() {
		return allocation.owner();
	}

	@Override
	public long bytes() {
		return allocation.bytes();
	}

	@Override
	public boolean isReleased() {
		return released;
	}

	@Override
	public void copyFromHost(double[] source) {
		runtime.copyIn(this, source);
	}

	@Override
	public void copyToHost(double[] target) {
		runtime.copyOut(this, target);
	}

	@Override
	public void close() {
		runtime.free(this);
	}

	@Override
	public String toString() {
		return "DeviceBuffer[" + id() + ", " + owner() + ", " + bytes() + " bytes" + (released ? ", released" : "") + "]";
	}
}
