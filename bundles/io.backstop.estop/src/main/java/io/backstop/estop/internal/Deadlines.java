package io.backstop.estop.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How long each step may run: {@code default.timeout.ms} for steps that declare no
 * {@code estop.timeout.ms}, and {@code step.deadlines} entries ({@code <step id>=<ms>}) that
 * override a step's own deadline (set from the workbench's preferences).
 */
record Deadlines(long defaultMillis, Map<String, Long> byStep) {

	static final long DEFAULT_MILLIS = 5000;
	static final Deadlines DEFAULT = new Deadlines(DEFAULT_MILLIS, Map.of());

	Deadlines {
		if (defaultMillis <= 0) {
			throw new IllegalArgumentException("default.timeout.ms must be above 0 ms: " + defaultMillis);
		}
		byStep = Map.copyOf(byStep);
	}

	/** @throws IllegalArgumentException naming the setting and the entry that is not {@code <step id>=<ms above 0>} */
	static Deadlines of(long defaultMillis, List<String> stepDeadlines) {
		Map<String, Long> overrides = new HashMap<>();
		for (String entry : stepDeadlines) {
			int equals = entry.indexOf('=');
			long millis = -1;
			try {
				millis = equals > 0 ? Long.parseLong(entry.substring(equals + 1).trim()) : -1;
			} catch (NumberFormatException e) {
				// reported below
			}
			if (millis <= 0) {
				throw new IllegalArgumentException(
						"step.deadlines: \"" + entry + "\" is not <step id>=<milliseconds above 0>");
			}
			overrides.put(entry.substring(0, equals).trim(), millis);
		}
		return new Deadlines(defaultMillis, overrides);
	}

	/** The override for the step, else what it declared, else the default. */
	long of(String stepId, long declaredMillis) {
		Long override = byStep.get(stepId);
		if (override != null) {
			return override;
		}
		return declaredMillis > 0 ? declaredMillis : defaultMillis;
	}

	@Override
	public String toString() {
		return "default " + defaultMillis + " ms" + (byStep.isEmpty() ? "" : ", " + byStep);
	}
}
