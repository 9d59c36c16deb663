package io.backstop.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.backstop.data.OhlcvSeries;

/**
 * Starts, lists, cancels and resumes sweeps. Registered as an OSGi service (Declarative
 * Services); also usable without OSGi through {@code io.backstop.sweep.internal.SweepEngine}.
 * <p>
 * Each sweep writes to its own directory under the sweeps directory ({@code sweeps.dir} in the
 * configuration {@link #PID}, else the workspace's {@code sweeps}): {@code results.csv} (a header, then one line per
 * computed combination: index, every parameter, every metric) and {@code checkpoint.properties}
 * (the spec and which combinations are done, replaced atomically).
 */
public interface SweepService {

	/** The service's configuration: sweeps directory, progress and checkpoint intervals, history size. */
	String PID = "io.backstop.sweep";

	/** The most combinations one sweep holds, so the record of which are done stays within 256 MB. */
	long MAX_COMBINATIONS = 1L << 31;

	/**
	 * Starts a sweep on its own worker threads and returns at once.
	 *
	 * @throws io.backstop.estop.api.WorkRefusedException while the emergency stop signal is raised
	 * @throws IllegalArgumentException for an unknown strategy, parameter or metric, or a value
	 *                                  outside a parameter's range (the message names it)
	 */
	SweepHandle start(SweepSpec spec);

	/**
	 * Starts a sweep whose ranges of combinations are also evaluated by the workers of every
	 * registered {@link RangeExecutor} (the other members of a cluster); results, checkpoint and
	 * resume are as for {@link #start(SweepSpec)}, and so are the results. A range whose worker
	 * fails is evaluated again here.
	 *
	 * @throws IllegalStateException when no executor gives a worker (for example clustering is off)
	 * @throws io.backstop.estop.api.WorkRefusedException while the emergency stop signal is raised
	 */
	SweepHandle startDistributed(SweepSpec spec);

	/**
	 * As {@link #resume(String)}, with ranges farmed out as by {@link #startDistributed(SweepSpec)}.
	 *
	 * @throws IllegalStateException when no executor gives a worker, or as {@link #resume(String)}
	 */
	SweepHandle resumeDistributed(String idOrDirectory) throws IOException;

	/**
	 * Evaluates ranges of a sweep started elsewhere on this service's workers (see
	 * {@link RangeEvaluator}); the spec is checked as by {@link #start(SweepSpec)}.
	 *
	 * @throws io.backstop.estop.api.WorkRefusedException while the emergency stop signal is raised
	 */
	RangeEvaluator rangeEvaluator(SweepSpec spec);

	/** Sweeps known to this service, running and finished, oldest first. */
	List<SweepHandle> list();

	/** A sweep by id. */
	Optional<SweepHandle> get(String id);

	/**
	 * Cancels a running sweep (see {@link SweepHandle#cancel()}).
	 *
	 * @return false if unknown or already finished
	 */
	boolean cancel(String id);

	/**
	 * Resumes a halted sweep: the id of one this service knows, or the path of a sweep directory
	 * (or its checkpoint file). Combinations already computed are skipped; the same results file
	 * is continued, so it ends holding each combination exactly once, and the final top-K equals
	 * an uninterrupted run's. A sweep found only on disk reloads its series from the source
	 * recorded in the checkpoint (a CSV file, or a synthetic series) and checks its fingerprint.
	 *
	 * @throws io.backstop.estop.api.WorkRefusedException while the emergency stop signal is raised
	 * @throws IllegalStateException    when the sweep is running or already complete
	 * @throws IOException              when the checkpoint or series cannot be read
	 */
	SweepHandle resume(String idOrDirectory) throws IOException;

	/** Resumes from a sweep directory on disk with the given series (its fingerprint must match). */
	SweepHandle resume(Path directory, OhlcvSeries series) throws IOException;

	/** Where sweep directories are created. */
	Path sweepsDirectory();
}
