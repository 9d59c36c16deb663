package io.backstop.strategies.workspace.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The workspace strategies' configuration, PID {@value WorkspaceStrategiesComponent#PID}. */
@ObjectClassDefinition(name = "Backstop workspace strategies",
		description = "How the strategies users write are run.")
public @interface WorkspaceStrategiesConfiguration {

	@AttributeDefinition(name = "Run time budget (seconds)", description = "How long one run of a workspace strategy"
			+ " (a backtest, or one combination of a sweep) may take before it is abandoned and fails saying so; a"
			+ " strategy whose loop never returns then stops using a core.", min = "1")
	long run_budget_seconds() default 300;
}
