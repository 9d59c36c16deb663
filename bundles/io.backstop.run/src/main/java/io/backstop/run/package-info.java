/**
 * The one application layer of Backstop: what a person asks for ({@link io.backstop.run.RunRequest}),
 * the {@link io.backstop.run.RunService} that opens data, starts and tracks backtests, sweeps and
 * LLM optimisations and keeps their results, and how numbers read for people
 * ({@link io.backstop.run.Formats}). The workbench, the console and any other front end are
 * adapters over it: they split what the user typed or clicked into a request and show what comes
 * back, they never parse parameters, validate or launch work themselves.
 */
package io.backstop.run;
