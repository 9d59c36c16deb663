package io.backstop.llm.internal;

import java.util.Map;

/**
 * A model reply, validated.
 *
 * @param parameters for CONTINUE the set to evaluate; for SWEEP the fixed values of the
 *                   parameters not swept (may be partial); else what the model mentioned
 * @param ranges     for SWEEP the narrowed range of each swept parameter, {min, max}
 */
record Decision(Action action, Map<String, Number> parameters, Map<String, double[]> ranges, String reasoning) {

	enum Action {
		CONTINUE, SWEEP, ACCEPT, STOP;

		String wire() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}
	}
}
