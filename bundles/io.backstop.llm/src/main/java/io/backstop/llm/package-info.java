/**
 * Ollama client and the LLM optimisation agent: {@link io.backstop.llm.OllamaClient} talks to
 * a local Ollama server, {@link io.backstop.llm.AgentService} runs optimisation loops that ask
 * a model for parameter sets and evaluate them with an {@link io.backstop.llm.Evaluator}.
 */
package io.backstop.llm;
