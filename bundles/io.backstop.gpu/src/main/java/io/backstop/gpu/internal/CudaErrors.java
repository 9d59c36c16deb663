package io.backstop.gpu.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what JCuda throws when there is no GPU, driver or native library into one line for
 * the user. JCuda's UnsatisfiedLinkError carries both load attempts with their stack traces in
 * its message; only the missing library matters ("libcuda.so.1: cannot open shared object file").
 */
final class CudaErrors {

	private static final Pattern MISSING_LIBRARY = Pattern
			.compile("([\\w.+-]+\\.so[\\w.]*): cannot open shared object file(: [^\\n\\r]*)?");

	/** JVMs shorten the copy of this message they keep for later uses of the failed class. */
	private static final Pattern NATIVE_LIBRARY = Pattern.compile("Error while loading native library \"([^\"]+)\"");

	private CudaErrors() {
	}

	static String describe(Throwable error) {
		for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
			String message = t.getMessage();
			if (message != null) {
				Matcher m = MISSING_LIBRARY.matcher(message);
				if (m.find()) {
					return m.group(1) + ": cannot open shared object file" + (m.group(2) == null ? "" : m.group(2));
				}
			}
		}
		for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
			String message = t.getMessage();
			Matcher m = message == null ? null : NATIVE_LIBRARY.matcher(message);
			if (m != null && m.find()) {
				return "the native library " + m.group(1) + " could not be loaded (no NVIDIA driver?)";
			}
		}
		String message = error.getMessage();
		if (message == null || message.isBlank()) {
			Throwable cause = error.getCause();
			return cause != null && cause != error ? describe(cause) : error.getClass().getSimpleName();
		}
		String firstLine = message.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(message);
		// CUDA error names and our own messages read well alone; anything else gets its type
		boolean plain = firstLine.startsWith("CUDA_ERROR") || error instanceof IllegalStateException;
		return plain ? firstLine : error.getClass().getSimpleName() + ": " + firstLine;
	}
}
