package io.backstop.estop.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * How long each step may run. From the coordinator's configuration: {@code default.timeout.ms}
 * for steps that declare no {@code estop.timeout.ms}, and {@code deadline.<step id>} to override
 * a step's own deadline (set from the workbench's preferences).
 */
record Deadlines(long defaultMillis, Map<String, Long> byStep) {

	static final String DEFAULT_KEY = "default.timeout.ms";
	static final String STEP_PREFIX = "deadline.";
	static final long DEFAULT_MILLIS = 5000;

	Deadlines {
		byStep = Map.copyOf(byStep);
	}

	static Deadlines from(Map<String, ?> configuration) {
		long fallback = positive(configuration.get(DEFAULT_KEY), DEFAULT_MILLIS);
		Map<String, Long> overrides = new HashMap<>();
		configuration.forEach((key, value) -> {
			if (key.startsWith(STEP_PREFIX) && key.length() > STEP_PREFIX.length()) {
				long millis = positive(value, -1);
				if (millis > 0) {
					overrides.put(key.substring(STEP_PREFIX.length()), millis);
				}
			}
		});
		return new Deadlines(fallback, overrides);
	}

	/** The override for the step, else what it declared, else the default. */
	long of(String stepId, long declaredMillis) {
		Long override = byStep.get(stepId);
		if (override != null) {
			return override;
		}
		return declaredMillis > 0 ? declaredMillis : defaultMillis;
	}

	private static long positive(Object value, long fallback) {
		try {
			long millis = value instanceof Number number ? number.longValue()
					: value instanceof String text ? Long.parseLong(text.trim()) : fallback;
			return millis > 0 ? millis : fallback;
		} catch (NumberFormatException e) {
			return fallback;
		}
	}
}
