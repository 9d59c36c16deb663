package io.backstop.gpu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CudaErrorsTest {

	@Test
	void findsTheMissingLibraryInsideJCudasLongMessage() {
		UnsatisfiedLinkError load = new UnsatisfiedLinkError("Error while loading native library \"JCudaDriver-12.6.0-linux-x86_64\"\n"
				+ "Operating system name: Linux\nArchitecture         : amd64\n"
				+ "Stack trace from the attempt to load the library as a resource:\n"
				+ "java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: cannot open shared object file: No such file or directory\n"
				+ "\tat java.base/jdk.internal.loader.NativeLibraries.load(Native Method)\n");
		assertEquals("libcuda.so.1: cannot open shared object file: No such file or directory", CudaErrors.describe(load));
		// the second use of a class whose initializer failed: the reason is in the cause
		NoClassDefFoundError again = new NoClassDefFoundError("Could not initialize class jcuda.driver.JCudaDriver");
		again.initCause(new ExceptionInInitializerError("Exception " + load + " [in thread \"main\"]"));
		assertEquals("libcuda.so.1: cannot open shared object file: No such file or directory", CudaErrors.describe(again));
	}

	@Test
	void namesTheNativeLibraryWhenTheCauseWasCutShort() {
		NoClassDefFoundError again = new NoClassDefFoundError("Could not initialize class jcuda.driver.JCudaDriver");
		again.initCause(new ExceptionInInitializerError(
				"Exception java.lang.UnsatisfiedLinkError: Error while loading native library \"JCudaDriver-12.6.0-linux-x86_64\"\nOperating"));
		assertEquals("the native library JCudaDriver-12.6.0-linux-x86_64 could not be loaded (no NVIDIA driver?)",
				CudaErrors.describe(again));
	}

	@Test
	void keepsCudaErrorNamesAndNamesOtherTypes() {
		assertEquals("CUDA_ERROR_NO_DEVICE", CudaErrors.describe(new RuntimeException("CUDA_ERROR_NO_DEVICE")));
		assertEquals("NoClassDefFoundError: jcuda/driver/JCudaDriver",
				CudaErrors.describe(new NoClassDefFoundError("jcuda/driver/JCudaDriver")));
		assertEquals("NullPointerException", CudaErrors.describe(new NullPointerException()));
	}
}
