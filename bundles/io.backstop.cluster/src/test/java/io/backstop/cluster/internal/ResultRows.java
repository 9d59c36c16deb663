package io.backstop.cluster.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A sweep's results file as the tests compare it. */
final class ResultRows {

	private ResultRows() {
	}

	/** Rows by combination index; fails on an index written twice. */
	static Map<Long, String> byIndex(Path csv) throws IOException {
		List<String> lines = Files.readAllLines(csv);
		Map<Long, String> byIndex = new HashMap<>();
		for (String line : lines.subList(1, lines.size())) {
			long index = Long.parseLong(line.substring(0, line.indexOf(',')));
			if (byIndex.put(index, line) != null) {
				throw new AssertionError("index " + index + " appears twice in " + csv);
			}
		}
		return byIndex;
	}
}
