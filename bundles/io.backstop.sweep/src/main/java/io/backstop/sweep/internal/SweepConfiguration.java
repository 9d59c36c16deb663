package io.backstop.sweep.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.backstop.sweep.SweepService;

/** The sweep service's configuration, PID {@value SweepService#PID}. */
@ObjectClassDefinition(name = "Backstop sweeps",
		description = "Where sweeps write their results and checkpoints, and how often they report.")
public @interface SweepConfiguration {

	@AttributeDefinition(name = "Sweeps directory",
			description = "Where each sweep writes results.csv and its checkpoint; empty: the workspace's sweeps.")
	String sweeps_dir() default "";

	@AttributeDefinition(name = "Progress interval (ms)", description = "How often a running sweep posts its progress.",
			min = "1")
	long progress_interval_ms() default 250;

	@AttributeDefinition(name = "Checkpoint interval (ms)", description = "How often a running sweep saves its checkpoint.",
			min = "1")
	long checkpoint_interval_ms() default 5000;

	@AttributeDefinition(name = "History size", description = "How many finished sweeps the service lists.", min = "1")
	int history_size() default 100;
}
