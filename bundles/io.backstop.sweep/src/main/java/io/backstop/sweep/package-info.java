/**
 * Parameter sweeps: a strategy run over every combination of a parameter grid on a pool of
 * worker threads, with progress events, a bounded top-K, a results file, checkpoints and resume.
 * <p>
 * Start one through the {@link io.backstop.sweep.SweepService} (a Declarative Services
 * component): {@code service.start(SweepSpec.builder("bollinger_zscore", series)...build())}.
 * Progress is posted on EventAdmin under {@link io.backstop.sweep.SweepEvents#TOPIC_ALL}; the
 * emergency stop halts every running sweep (step {@code sweep.halt}, order 100) and leaves a
 * checkpoint that {@link io.backstop.sweep.SweepService#resume(String)} continues from.
 */
package io.backstop.sweep;
