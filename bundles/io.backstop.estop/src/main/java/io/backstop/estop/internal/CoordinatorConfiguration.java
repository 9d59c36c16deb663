package io.backstop.estop.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.backstop.estop.api.EmergencyStop;

/** The coordinator's configuration, PID {@value EmergencyStop#PID}. */
@ObjectClassDefinition(name = "Backstop emergency stop",
		description = "How long each step of the emergency stop may run, and the history of past stops.")
public @interface CoordinatorConfiguration {

	@AttributeDefinition(name = "Default step deadline (ms)",
			description = "How long a step that declares no deadline of its own may run before it is abandoned.",
			min = "1")
	long default_timeout_ms() default Deadlines.DEFAULT_MILLIS;

	@AttributeDefinition(name = "Step deadlines",
			description = "Deadlines that override single steps' own, each \"<step id>=<milliseconds>\", "
					+ "for example \"llm.models=1500\".")
	String[] step_deadlines() default {};

	@AttributeDefinition(name = "History size", description = "How many past stop reports are kept.", min = "1")
	int history_size() default 100;

	@AttributeDefinition(name = "History file",
			description = "Where past stop reports are kept; empty: the workspace's "
					+ ".metadata/.plugins/io.backstop.estop/stop-history.json.")
	String history_file() default "";
}
