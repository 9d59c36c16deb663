/**
 * The strategy builder: from a textual objective, an LLM proposes a strategy, writes it in Java
 * against the strategy API, and Backstop compiles it in the strategy sandbox, feeds compile errors
 * back, backtests it and sweeps its parameters a little, and asks the model for an analysis and the
 * next revision, iteration after iteration. {@link io.backstop.builder.BuilderService} starts,
 * continues, lists, halts and promotes {@link io.backstop.builder.BuildSession}s; every iteration's
 * source, prompts, replies, compile log and results are kept under {@code WORKSPACE/builder/SESSION/NN/}.
 */
package io.backstop.builder;
