/**
 * GPU device service: CUDA devices, pooled and tracked device buffers, VRAM free/total, and
 * computations a sweep can offload to the device with a CPU path as their reference.
 * <p>
 * Everything here works without a GPU: {@link io.backstop.gpu.GpuService#available()} is then
 * false and {@link io.backstop.gpu.GpuService#unavailableReason()} says why.
 */
package io.backstop.gpu;
