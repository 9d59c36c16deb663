package io.backstop.estop.internal;

import java.util.Comparator;
import java.util.Map;

import io.backstop.estop.api.PlannedStep;
import io.backstop.estop.api.Stoppable;

/** A Stoppable with the service properties that place it in the stop. */
record RegisteredStep(Stoppable stoppable, int order, int ranking, long timeoutMillis, String bundle, long serviceId) {

	static final int DEFAULT_ORDER = 1000;

	/** By order, then higher service ranking first, then id. */
	static final Comparator<RegisteredStep> RUN_ORDER = Comparator.comparingInt(RegisteredStep::order)
			.thenComparing(Comparator.comparingInt(RegisteredStep::ranking).reversed())
			.thenComparing(step -> step.stoppable().id()).thenComparingLong(RegisteredStep::serviceId);

	/** With the deadline the step declares in {@link Stoppable#TIMEOUT_MS}, or -1 when it declares none. */
	static RegisteredStep of(Stoppable stoppable, Map<String, ?> properties, String bundle) {
		int order = intProperty(properties.get(Stoppable.ORDER), DEFAULT_ORDER);
		int ranking = intProperty(properties.get("service.ranking"), 0);
		long timeout = longProperty(properties.get(Stoppable.TIMEOUT_MS), -1);
		long serviceId = longProperty(properties.get("service.id"), 0);
		return new RegisteredStep(stoppable, order, ranking, timeout, bundle, serviceId);
	}

	/** This step with the deadline it gets under {@code deadlines}. */
	RegisteredStep withDeadline(Deadlines deadlines) {
		return new RegisteredStep(stoppable, order, ranking, deadlines.of(stoppable.id(), timeoutMillis), bundle,
				serviceId);
	}

	PlannedStep planned() {
		return new PlannedStep(stoppable.id(), stoppable.label(), order, bundle, timeoutMillis);
	}

	private static int intProperty(Object value, int fallback) {
		return (int) longProperty(value, fallback);
	}

	private static long longProperty(Object value, long fallback) {
		if (value instanceof Number number) {
			return number.longValue();
		}
		if (value instanceof String text) {
			try {
				return Long.parseLong(text.trim());
			} catch (NumberFormatException e) {
				return fallback;
			}
		}
		return fallback;
	}
}
