package io.backstop.sweep.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where this process's threads spent a stretch of time, from Linux's per-thread scheduler
 * statistics: nanoseconds on a processor and waiting for one (runnable, not running), for the
 * threads, and the time the virtual machine's processors were
 * taken by its host (steal). A benchmark reads it before and after a stop to tell a slow stop's
 * own work from the time its threads could not run. Empty where {@code /proc} is missing.
 */
final class ThreadTimes {

	/** Per thread id: {on a processor, waiting for one}, ns. */
	private final Map<String, long[]> threads;
	private final Map<String, String> nameOf;
	/** Steal of all processors, in clock ticks. */
	private final long stealTicks;

	private ThreadTimes(Map<String, long[]> threads, Map<String, String> nameOf, long stealTicks) {
		this.threads = threads;
		this.nameOf = nameOf;
		this.stealTicks = stealTicks;
	}

	static ThreadTimes read() {
		Map<String, long[]> times = new LinkedHashMap<>();
		Map<String, String> names = new LinkedHashMap<>();
		try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
			for (Path task : tasks.toList()) {
				try {
					String name = Files.readString(task.resolve("comm")).trim();
					String[] f = Files.readString(task.resolve("schedstat")).trim().split(" ");
					String tid = task.getFileName().toString();
					times.put(tid, new long[] { Long.parseLong(f[0]), Long.parseLong(f[1]) });
					names.put(tid, name);
				} catch (IOException | RuntimeException e) {
					// a thread that ended while being read
				}
			}
		} catch (IOException e) {
			return new ThreadTimes(Map.of(), Map.of(), 0);
		}
		return new ThreadTimes(times, names, steal());
	}

	private static long steal() {
		try {
			List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
			String[] f = lines.get(0).trim().split("\\s+");
			return f.length > 8 ? Long.parseLong(f[8]) : 0;
		} catch (IOException | RuntimeException e) {
			return 0;
		}
	}

	/**
	 * What the threads that ran or waited half a millisecond or more did from {@code before} to
	 * this reading ("name cpu/wait", ms), and the steal.
	 */
	String since(ThreadTimes before) {
		StringBuilder s = new StringBuilder();
		threads.forEach((tid, now) -> {
			long[] then = before.threads.getOrDefault(tid, new long[2]);
			if (now[0] - then[0] + now[1] - then[1] < 500_000) {
				return;
			}
			s.append(String.format("%s %.1f/%.1f  ", nameOf.get(tid), (now[0] - then[0]) / 1e6, (now[1] - then[1]) / 1e6));
		});
		s.append(String.format("steal %d ms", (stealTicks - before.stealTicks) * 10));
		return s.toString();
	}
}
