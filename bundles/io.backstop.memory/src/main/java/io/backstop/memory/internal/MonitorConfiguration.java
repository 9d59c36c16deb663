package io.backstop.memory.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.backstop.memory.MemoryMonitor;

/** The memory monitor's configuration, PID {@value MemoryMonitor#PID}. */
@ObjectClassDefinition(name = "Backstop memory monitor",
		description = "How often memory is sampled, the levels of memory use and the automatic emergency stop.")
public @interface MonitorConfiguration {

	@AttributeDefinition(name = "Sample interval (ms)", description = "How often system memory and the heap are read.",
			min = "100")
	long sample_interval_ms() default 2000;

	@AttributeDefinition(name = "Warning at (% used)", description = "Memory use at which the level turns WARNING.",
			min = "0", max = "100")
	double threshold_warning() default 75;

	@AttributeDefinition(name = "High at (% used)", description = "Memory use at which the level turns HIGH.", min = "0",
			max = "100")
	double threshold_high() default 80;

	@AttributeDefinition(name = "Critical at (% used)", description = "Memory use at which the level turns CRITICAL.",
			min = "0", max = "100")
	double threshold_critical() default 90;

	@AttributeDefinition(name = "Automatic emergency stop",
			description = "Request an emergency stop each time memory use turns CRITICAL.")
	boolean automatic_stop() default false;
}
