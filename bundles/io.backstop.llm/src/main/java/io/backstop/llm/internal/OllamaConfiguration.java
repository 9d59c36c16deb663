package io.backstop.llm.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.backstop.llm.OllamaClient;

/** The Ollama client's configuration, PID {@value OllamaClient#PID}. */
@ObjectClassDefinition(name = "Backstop Ollama client",
		description = "The Ollama server every LLM request goes to and the model a run asks unless it names one.")
public @interface OllamaConfiguration {

	@AttributeDefinition(name = "Server URL", description = "The Ollama server; empty: the backstop.ollama.url system "
			+ "property, else OLLAMA_HOST, else " + OllamaSettings.DEFAULT_URL + ".")
	String url() default "";

	@AttributeDefinition(name = "Model", description = "The model a run asks unless it names one; empty: the "
			+ "backstop.llm.model system property, else " + OllamaClient.DEFAULT_MODEL + ".")
	String model() default "";

	@AttributeDefinition(name = "Connect timeout (ms)", description = "How long a connection to the server may take.",
			min = "1")
	long connect_timeout_ms() default 2000;

	@AttributeDefinition(name = "Read timeout (ms)", description = "How long the server may take to answer.", min = "1")
	long read_timeout_ms() default 120000;
}
