package io.backstop.gpu.internal;

import static jcuda.driver.JCudaDriver.cuCtxCreate;
import static jcuda.driver.JCudaDriver.cuCtxDestroy;
import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemAllocFromPoolAsync;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemFreeAsync;
import static jcuda.driver.JCudaDriver.cuMemGetInfo;
import static jcuda.driver.JCudaDriver.cuMemPoolCreate;
import static jcuda.driver.JCudaDriver.cuMemPoolDestroy;
import static jcuda.driver.JCudaDriver.cuMemPoolTrimTo;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuModuleUnload;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamDestroy;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.backstop.gpu.GpuDevice;
import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmemAllocationHandleType;
import jcuda.driver.CUmemAllocationType;
import jcuda.driver.CUmemLocation;
import jcuda.driver.CUmemLocationType;
import jcuda.driver.CUmemPoolProps;
import jcuda.driver.CUmemoryPool;
import jcuda.driver.CUmodule;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

/**
 * {@link DeviceBackend} on JCuda's driver API: its own context on the selected device, one
 * stream, and an explicit memory pool (so trimming it releases exactly our memory). The only
 * class besides {@link RollingStatsKernel} that touches JCuda; loading it without the driver
 * fails with a LinkageError that {@link GpuRuntime} turns into "no CUDA device".
 * <p>
 * The context is made current on every call because the driver API binds contexts to threads
 * and DS, the sweep and the emergency stop call from threads of their own.
 */
final class JCudaBackend implements DeviceBackend {

	private static final int BLOCK = 256;

	private final List<GpuDevice> devices;
	private final GpuDevice selected;
	private final CUcontext context;
	private final CUstream stream;
	private final CUmemoryPool pool; // null without pool support: cuMemAlloc/cuMemFree instead
	private final Map<Long, CUdeviceptr> pointers = new HashMap<>();
	private long nextHandle = 1;
	private CUmodule module;
	private CUfunction kernel;
	private String kernelReason; // null until the first compile attempt

	private JCudaBackend(List<GpuDevice> devices, GpuDevice selected, CUcontext context, CUstream stream,
			CUmemoryPool pool) {
		this.devices = List.copyOf(devices);
		this.selected = selected;
		this.context = context;
		this.stream = stream;
		this.pool = pool;
	}

	/**
	 * Initializes the driver and opens device {@code ordinal} (0 when out of range). The driver's
	 * natives load on its first use, here: callers run this in {@link PrivateNativeDirectory#load}.
	 */
	static DeviceBackend open(int ordinal) {
		JCudaDriver.setExceptionsEnabled(true);
		cuInit(0);
		int[] count = { 0 };
		cuDeviceGetCount(count);
		if (count[0] < 1) {
			throw new IllegalStateException("the CUDA driver reports no devices");
		}
		List<GpuDevice> devices = new ArrayList<>();
		for (int i = 0; i < count[0]; i++) {
			devices.add(describe(i));
		}
		int chosen = ordinal >= 0 && ordinal < count[0] ? ordinal : 0;
		CUdevice device = new CUdevice();
		cuDeviceGet(device, chosen);
		CUcontext context = new CUcontext();
		cuCtxCreate(context, 0, device);
		try {
			CUstream stream = new CUstream();
			cuStreamCreate(stream, 0);
			CUmemoryPool pool = null;
			if (devices.get(chosen).memoryPoolsSupported()) {
				CUmemPoolProps props = new CUmemPoolProps();
				props.allocType = CUmemAllocationType.CU_MEM_ALLOCATION_TYPE_PINNED;
				props.handleTypes = CUmemAllocationHandleType.CU_MEM_HANDLE_TYPE_NONE;
				props.location = new CUmemLocation(CUmemLocationType.CU_MEM_LOCATION_TYPE_DEVICE, chosen);
				pool = new CUmemoryPool();
				// a new pool's release threshold is 0: freed memory goes back to the driver at each synchronization
				cuMemPoolCreate(pool, props);
			}
			return new JCudaBackend(devices, devices.get(chosen), context, stream, pool);
		} catch (RuntimeException e) {
			cuCtxDestroy(context);
			throw e;
		}
	}

	private static GpuDevice describe(int ordinal) {
		CUdevice device = new CUdevice();
		cuDeviceGet(device, ordinal);
		byte[] name = new byte[256];
		cuDeviceGetName(name, name.length, device);
		int length = 0;
		while (length < name.length && name[length] != 0) {
			length++;
		}
		long[] total = { 0 };
		cuDeviceTotalMem(total, device);
		return new GpuDevice(ordinal, new String(name, 0, length, StandardCharsets.US_ASCII), total[0],
				attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR),
				attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR),
				attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MEMORY_POOLS_SUPPORTED) != 0);
	}

	private static int attribute(CUdevice device, int attribute) {
		int[] value = { 0 };
		cuDeviceGetAttribute(value, attribute, device);
		return value[0];
	}

	@Override
	public List<GpuDevice> devices() {
		return devices;
	}

	@Override
	public GpuDevice selected() {
		return selected;
	}

	@Override
	public boolean pooled() {
		return pool != null;
	}

	@Override
	public long allocate(long bytes) {
		current();
		CUdeviceptr pointer = new CUdeviceptr();
		if (pool != null) {
			cuMemAllocFromPoolAsync(pointer, bytes, pool, stream);
			// stream-ordered: wait so that synchronous copies on other streams may use it
			cuStreamSynchronize(stream);
		} else {
			cuMemAlloc(pointer, bytes);
		}
		long handle = nextHandle++;
		pointers.put(handle, pointer);
		return handle;
	}

	@Override
	public void free(long handle) {
		CUdeviceptr pointer = pointers.remove(handle);
		if (pointer == null) {
			return;
		}
		current();
		if (pool != null) {
			cuMemFreeAsync(pointer, stream);
			cuStreamSynchronize(stream);
		} else {
			cuMemFree(pointer);
		}
	}

	@Override
	public void copyToDevice(long handle, double[] source) {
		current();
		cuMemcpyHtoD(pointer(handle), Pointer.to(source), (long) source.length * Sizeof.DOUBLE);
	}

	@Override
	public void copyToDevice(long handle, int[] source) {
		current();
		cuMemcpyHtoD(pointer(handle), Pointer.to(source), (long) source.length * Sizeof.INT);
	}

	@Override
	public void copyToHost(long handle, double[] target) {
		current();
		cuMemcpyDtoH(Pointer.to(target), pointer(handle), (long) target.length * Sizeof.DOUBLE);
	}

	@Override
	public void trimPool() {
		if (pool != null) {
			current();
			cuMemPoolTrimTo(pool, 0);
		}
	}

	@Override
	public void synchronize() {
		current();
		cuStreamSynchronize(stream);
		cuCtxSynchronize();
	}

	@Override
	public long[] memInfo() {
		current();
		long[] free = { 0 };
		long[] total = { 0 };
		cuMemGetInfo(free, total);
		return new long[] { free[0], total[0] };
	}

	@Override
	public String kernelUnavailableReason() {
		if (kernelReason == null) {
			try {
				// NVRTC's natives load on its first use, here
				String ptx = PrivateNativeDirectory
						.load(() -> RollingStatsKernel.compile(selected.computeMajor(), selected.computeMinor()));
				current();
				CUmodule loaded = new CUmodule();
				cuModuleLoadData(loaded, ptx);
				CUfunction function = new CUfunction();
				cuModuleGetFunction(function, loaded, RollingStatsKernel.FUNCTION);
				module = loaded;
				kernel = function;
				kernelReason = "";
			} catch (LinkageError | RuntimeException e) {
				kernelReason = "NVRTC kernel unavailable: " + CudaErrors.describe(e);
			}
		}
		return kernelReason;
	}

	@Override
	public void rollingStats(long series, int length, long periods, int periodCount, long mean, long std) {
		if (!kernelUnavailableReason().isEmpty()) {
			throw new IllegalStateException(kernelReason);
		}
		current();
		Pointer parameters = Pointer.to(Pointer.to(pointer(series)), Pointer.to(new int[] { length }),
				Pointer.to(pointer(periods)), Pointer.to(new int[] { periodCount }), Pointer.to(pointer(mean)),
				Pointer.to(pointer(std)));
		long total = (long) length * periodCount;
		int grid = (int) ((total + BLOCK - 1) / BLOCK);
		cuLaunchKernel(kernel, grid, 1, 1, BLOCK, 1, 1, 0, stream, parameters, null);
		cuStreamSynchronize(stream);
	}

	@Override
	public void close() {
		// each release on its own: one failure must not keep the rest, least of all the context
		quietly(() -> cuCtxSetCurrent(context));
		for (CUdeviceptr pointer : pointers.values()) {
			quietly(() -> cuMemFree(pointer));
		}
		pointers.clear();
		if (module != null) {
			quietly(() -> cuModuleUnload(module));
		}
		quietly(() -> cuStreamSynchronize(stream));
		if (pool != null) {
			quietly(() -> cuMemPoolTrimTo(pool, 0));
			quietly(() -> cuMemPoolDestroy(pool));
		}
		quietly(() -> cuStreamDestroy(stream));
		quietly(() -> cuCtxDestroy(context));
	}

	private void current() {
		cuCtxSetCurrent(context);
	}

	private CUdeviceptr pointer(long handle) {
		CUdeviceptr pointer = pointers.get(handle);
		if (pointer == null) {
			throw new IllegalStateException("device buffer " + handle + " was already freed");
		}
		return pointer;
	}

	private static void quietly(Runnable release) {
		try {
			release.run();
		} catch (CudaException e) {
			// closing: the context goes away regardless, and with it what it held
		}
	}
}
