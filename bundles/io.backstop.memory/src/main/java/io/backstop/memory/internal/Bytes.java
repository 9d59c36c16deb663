package io.backstop.memory.internal;

import java.util.Locale;

final class Bytes {

	private Bytes() {
	}

	static String format(long bytes) {
		if (bytes < 0) {
			return "-" + format(-bytes);
		}
		if (bytes < 1024) {
			return bytes + " B";
		}
		if (bytes < 1024 * 1024) {
			return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
		}
		if (bytes < 1024L * 1024 * 1024) {
			return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
		}
		return String.format(Locale.ROOT, "%.2f GiB", bytes / 1073741824.0);
	}
}
