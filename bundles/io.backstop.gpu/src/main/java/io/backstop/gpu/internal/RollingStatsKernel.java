package io.backstop.gpu.internal;

import static jcuda.nvrtc.JNvrtc.nvrtcCompileProgram;
import static jcuda.nvrtc.JNvrtc.nvrtcCreateProgram;
import static jcuda.nvrtc.JNvrtc.nvrtcDestroyProgram;
import static jcuda.nvrtc.JNvrtc.nvrtcGetNumSupportedArchs;
import static jcuda.nvrtc.JNvrtc.nvrtcGetPTX;
import static jcuda.nvrtc.JNvrtc.nvrtcGetProgramLog;
import static jcuda.nvrtc.JNvrtc.nvrtcGetSupportedArchs;

import jcuda.CudaException;
import jcuda.nvrtc.JNvrtc;
import jcuda.nvrtc.nvrtcProgram;

/**
 * The CUDA C source of the rolling mean / population standard deviation kernel and its
 * compilation to PTX with NVRTC, at run time, for the device's compute capability.
 * <p>
 * One thread per (period, bar): it sums its window, then sums squared deviations from that
 * mean (two passes, no cancellation). That is O(period) per output, which the device's
 * parallelism absorbs, and it is the exact value the CPU reference approximates to ~1e-12.
 */
final class RollingStatsKernel {

	static final String FUNCTION = "rolling_mean_std";

	static final String SOURCE = """
			extern "C" __global__ void rolling_mean_std(const double* x, int n, const int* periods, int np,
			                                            double* mean, double* stdev)
			{
			    long long gid = (long long) blockIdx.x * blockDim.x + threadIdx.x;
			    long long total = (long long) n * np;
			    if (gid >= total) return;
			    int k = (int) (gid / n);
			    int i = (int) (gid - (long long) k * n);
			    int p = periods[k];
			    if (i < p - 1) {
			        double nan = __longlong_as_double(0x7ff8000000000000LL);
			        mean[gid] = nan;
			        stdev[gid] = nan;
			        return;
			    }
			    double s = 0.0;
			    for (int j = i - p + 1; j <= i; ++j) s += x[j];
			    double m = s / p;
			    double q = 0.0;
			    for (int j = i - p + 1; j <= i; ++j) { double d = x[j] - m; q += d * d; }
			    mean[gid] = m;
			    stdev[gid] = sqrt(q / p);
			}
			""";

	private RollingStatsKernel() {
	}

	/** PTX for a device of compute capability major.minor; throws when NVRTC is missing or fails. */
	static String compile(int major, int minor) {
		JNvrtc.setExceptionsEnabled(true);
		nvrtcProgram program = new nvrtcProgram();
		nvrtcCreateProgram(program, SOURCE, "rolling_stats.cu", 0, null, null);
		try {
			String[] options = { "--gpu-architecture=compute_" + architecture(major * 10 + minor) };
			try {
				nvrtcCompileProgram(program, options.length, options);
			} catch (CudaException e) {
				String[] log = new String[1];
				nvrtcGetProgramLog(program, log);
				throw new IllegalStateException("NVRTC could not compile the kernel: " + e.getMessage() + " " + log[0], e);
			}
			String[] ptx = new String[1];
			nvrtcGetPTX(program, ptx);
			return ptx[0];
		} finally {
			nvrtcDestroyProgram(program);
		}
	}

	/**
	 * The newest virtual architecture this NVRTC supports that is not newer than the device:
	 * PTX for an older architecture is JIT-compiled by the driver for a newer device, while
	 * NVRTC rejects architectures it does not know (a 12.6 NVRTC and a newer GPU).
	 */
	private static int architecture(int device) {
		try {
			int[] count = { 0 };
			nvrtcGetNumSupportedArchs(count);
			int[] supported = new int[count[0]];
			nvrtcGetSupportedArchs(supported);
			int best = -1;
			int oldest = Integer.MAX_VALUE;
			for (int arch : supported) {
				oldest = Math.min(oldest, arch);
				if (arch <= device && arch > best) {
					best = arch;
				}
			}
			return best > 0 ? best : oldest == Integer.MAX_VALUE ? device : oldest;
		} catch (CudaException | LinkageError e) {
			return device;
		}
	}
}
