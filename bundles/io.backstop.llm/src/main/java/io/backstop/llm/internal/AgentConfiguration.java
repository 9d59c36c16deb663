package io.backstop.llm.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.backstop.llm.AgentService;

/** The agent service's configuration, PID {@value AgentService#PID}. */
@ObjectClassDefinition(name = "Backstop LLM agents", description = "Where each LLM optimisation logs its iterations.")
public @interface AgentConfiguration {

	@AttributeDefinition(name = "Log directory",
			description = "Where each run writes <run id>.jsonl; empty: the workspace's llm-runs.")
	String log_dir() default "";
}
