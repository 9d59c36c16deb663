package io.backstop.optimise.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.Parameters;
import io.backstop.backtest.Strategy;
import io.backstop.indicators.IndicatorCache;
import io.backstop.optimise.Evaluation;
import io.backstop.optimise.SearchHandle;
import io.backstop.optimise.SearchSpec;
import io.backstop.optimise.SearchState;
import io.backstop.optimise.SearchStatus;
import io.backstop.sweep.Objective;
import io.backstop.sweep.SweepMetrics;

/**
 * One search: drives its algorithm on one thread, evaluates each batch of new points it proposes with
 * backtests for their figures at the same time (on this Backstop's workers, and the cluster's members
 * for a search placed there), answers points asked again from memory, and ends it on budget,
 * patience, an exhausted space, cancel or the stop. Evaluations are recorded in the order the
 * algorithm proposed them, exactly as when it was given one point at a time: each is appended to the
 * results file, the checkpoint is written at least every second and at the end. Once the stop or a
 * cancel is seen nothing more of the batch is recorded, a backtest cut short included: resume evaluates
 * them again.
 * <p>
 * Resuming replays the evaluations on file: the algorithm, seeded as before, proposes the same points
 * and is given the recorded scores without a backtest, until it reaches the first point not on file.
 */
final class SearchRun implements SearchHandle {

	/** Points asked again in a row after which the algorithm is taken to have nothing new to propose. */
	static final int REPEAT_LIMIT = 20_000;

	private static final long CHECKPOINT_INTERVAL_NANOS = 1_000_000_000L;
	/** The score of a ruined run: below every objective, finite so the algorithms can order it. */
	private static final double RUINED_SCORE = -Double.MAX_VALUE / 2;

	private final String id;
	private final SearchSpec spec;
	private final Strategy strategy;
	private final SearchSpace space;
	private final Path directory;
	private final List<Evaluation> replay;
	private final IndicatorCache cache;
	private final RunControl control;
	private final EvaluationPool pool;
	private final List<String> metrics = SweepMetrics.FIGURES;

	private final List<Evaluation> evaluations = new ArrayList<>();
	private final List<Double> bestSoFar = new ArrayList<>();
	private final Map<String, Evaluation> memo = new HashMap<>();
	/** Evaluations this run recorded, by where they ran (a search on the cluster only): this Backstop first. */
	private final Map<String, Long> doneByMember = new LinkedHashMap<>();
	private final CompletableFuture<SearchStatus> completion = new CompletableFuture<>();

	private volatile String message = "";
	private volatile Evaluation best;
	private volatile Thread thread;
	private int sinceBest;
	private int repeats;
	private int refusedInARow;
	private long lastCheckpoint = System.nanoTime();
	private BufferedWriter results;

	/**
	 * @param replay     evaluations on file from an earlier run of this search, in order
	 * @param stopRaised the emergency stop's signal
	 * @param pool       where its points are evaluated; the run closes it when it ends
	 */
	SearchRun(String id, SearchSpec spec, Strategy strategy, Path directory, List<Evaluation> replay,
			IndicatorCache cache, BooleanSupplier stopRaised, EvaluationPool pool) {
		this.id = id;
		this.spec = spec;
		this.strategy = strategy;
		this.space = SearchSpace.of(strategy, spec.ranges());
		this.directory = directory;
		this.replay = List.copyOf(replay);
		this.cache = cache;
		this.control = new RunControl(stopRaised);
		this.pool = pool;
		if (pool.onCluster()) {
			doneByMember.put(pool.here(), 0L);
		}
		checkObjective(spec);
	}

	/** @throws IllegalArgumentException naming the metrics an objective may name */
	static void checkObjective(SearchSpec spec) {
		if (!SweepMetrics.FIGURES.contains(spec.objective().metric())) {
			throw new IllegalArgumentException("objective: unknown metric " + spec.objective().metric()
					+ "; expected one of " + String.join(", ", SweepMetrics.FIGURES));
		}
	}

	/** Runs the search on a thread of its own. */
	SearchRun start() {
		thread = Thread.ofPlatform().daemon().name("optimise " + id).start(this::run);
		return this;
	}

	/** Runs the search on the calling thread (a walk-forward's window); returns when it has ended. */
	SearchStatus run() {
		thread = Thread.currentThread();
		SearchState end;
		String why;
		try {
			java.nio.file.Files.createDirectories(directory);
			try (BufferedWriter out = SearchFiles.append(directory.resolve(SearchFiles.RESULTS), space.names(),
					metrics)) {
				results = out;
				checkpoint();
				try {
					SearchAlgorithm.of(spec.method()).search(space, spec.seed(), new Points());
					end = SearchState.COMPLETED;
					why = "the search proposed no new point";
				} catch (SearchEnded ended) {
					end = ended.state;
					why = ended.getMessage();
				}
			}
		} catch (IOException e) {
			end = SearchState.FAILED;
			why = "cannot write " + directory + ": " + e.getMessage();
		} catch (RuntimeException | LinkageError e) {
			// a strategy or library class that cannot be loaded fails this search, never leaves it running
			end = SearchState.FAILED;
			why = e instanceof LinkageError || e.getMessage() == null ? e.toString() : e.getMessage();
		}
		List<String> failedMembers = pool.failures();
		if (!failedMembers.isEmpty()) {
			why = why + "; " + String.join("; ", failedMembers);
		}
		synchronized (this) {
			message = why;
			control.end(end);
		}
		try {
			checkpoint();
		} catch (IOException e) {
			synchronized (this) {
				control.end(SearchState.FAILED);
				message = why + "; cannot write the checkpoint: " + e.getMessage();
			}
		}
		SearchStatus status = status();
		completion.complete(status);
		// its workers are idle once the algorithm has returned: releasing its threads and what members hold
		// for it is not on the path of a halt
		pool.close();
		return status;
	}

	/** The run as its algorithm sees it: batches scored in proposal order. */
	private final class Points implements PointEvaluator {

		@Override
		public double[] score(List<int[]> points) {
			return scoreBatch(points);
		}

		@Override
		public int parallelism() {
			return pool.parallelism();
		}

		@Override
		public void poll() {
			if (control.shouldEnd()) {
				throw control.halted();
			}
		}

		@Override
		public boolean knows(int[] point) {
			return !space.admits(point) || memo.containsKey(Arrays.toString(point));
		}
	}

	/** A new point of a batch: its evaluation's number and parameters, and its number in the grid. */
	private record Pending(int index, int[] point, Map<String, Double> parameters) {
	}

	/**
	 * Scores a batch as if its points were asked one after the other: first the new points the batch
	 * needs are found (those within the budget, in order; patience is not known before the scores, so a
	 * point it cuts may be evaluated and is then discarded) and evaluated at the same time, then every
	 * point is answered and recorded in order, exactly as one at a time.
	 */
	private double[] scoreBatch(List<int[]> points) {
		if (control.shouldEnd()) {
			throw control.halted();
		}
		Map<String, Evaluated> evaluated = evaluateNew(points);
		double[] scores = new double[points.size()];
		for (int p = 0; p < scores.length; p++) {
			scores[p] = answer(points.get(p), evaluated);
		}
		return scores;
	}

	/** A new point's evaluation and where it ran. */
	private record Evaluated(Evaluation evaluation, String where) {
	}

	private Map<String, Evaluated> evaluateNew(List<int[]> points) {
		Map<String, Pending> needed = new LinkedHashMap<>();
		// every point of the batch that will count as an evaluation, replayed ones included: one asked twice
		// in a batch counts once, as the second time it is answered from memory
		java.util.Set<String> counted = new java.util.HashSet<>();
		int next = evaluations.size();
		for (int[] point : points) {
			String key = Arrays.toString(point);
			if (!space.admits(point) || memo.containsKey(key) || !counted.add(key)) {
				continue;
			}
			if (next >= spec.budget() || next >= space.size()) {
				break;
			}
			if (next >= replay.size()) {
				needed.put(key, new Pending(next, point, space.parameters(point)));
			}
			next++;
		}
		Map<String, Evaluated> evaluated = new HashMap<>();
		if (needed.isEmpty()) {
			return evaluated;
		}
		List<String> keys = List.copyOf(needed.keySet());
		List<Pending> pending = List.copyOf(needed.values());
		EvaluationPool.Done<Evaluation> done = pool.evaluate(pending.size(), new EvaluationPool.Points<Evaluation>() {
			@Override
			public Evaluation here(int task) {
				return evaluate(pending.get(task).index(), pending.get(task).parameters());
			}

			@Override
			public Evaluation fromRow(int task, double[] row) {
				return evaluation(pending.get(task).index(), pending.get(task).parameters(), row);
			}

			@Override
			public long combination(int task) {
				return space.indexOf(pending.get(task).point());
			}
		}, control.token());
		for (int t = 0; t < keys.size(); t++) {
			if (done.results().get(t) != null) {
				evaluated.put(keys.get(t), new Evaluated(done.results().get(t), done.where().get(t)));
			}
		}
		return evaluated;
	}

	/** One point of a batch, in order: what the run did for each point before batches, a backtest looked up. */
	private double answer(int[] point, Map<String, Evaluated> evaluated) {
		if (!space.admits(point)) {
			// refused by the strategy's constraints: not evaluated, not counted in the budget
			if (++refusedInARow > REPEAT_LIMIT) {
				throw new SearchEnded(SearchState.COMPLETED, String.format(Locale.ROOT,
						"the search proposed only points %s's constraints refuse %,d times in a row", strategy.id(),
						REPEAT_LIMIT));
			}
			return Double.NaN;
		}
		refusedInARow = 0;
		if (evaluations.size() >= space.size()) {
			throw new SearchEnded(SearchState.COMPLETED,
					String.format(Locale.ROOT, "every one of the %,d points evaluated", evaluations.size()));
		}
		String key = Arrays.toString(point);
		Evaluation seen = memo.get(key);
		if (seen != null) {
			if (++repeats > REPEAT_LIMIT) {
				throw new SearchEnded(SearchState.COMPLETED, String.format(Locale.ROOT,
						"the search proposed only points already evaluated %,d times in a row", REPEAT_LIMIT));
			}
			return score(seen);
		}
		int n = evaluations.size();
		if (n >= spec.budget()) {
			throw new SearchEnded(SearchState.COMPLETED, String.format(Locale.ROOT, "budget of %,d evaluations used", spec.budget()));
		}
		if (spec.patience() > 0 && sinceBest >= spec.patience()) {
			throw new SearchEnded(SearchState.COMPLETED,
					String.format(Locale.ROOT, "no better objective in %,d evaluations", spec.patience()));
		}
		Map<String, Double> parameters = space.parameters(point);
		Evaluation evaluation;
		if (n < replay.size()) {
			evaluation = replay.get(n);
			if (!evaluation.parameters().equals(parameters)) {
				throw new IllegalStateException(SearchFiles.RESULTS + " line " + (n + 2) + " holds " + evaluation.parameters()
						+ " where the search, replayed with its seed, proposes " + parameters);
			}
		} else {
			Evaluated fresh = evaluated.get(key);
			if (fresh == null || control.shouldEnd()) {
				// its backtest was cut short by the halt, or the halt came while the batch ran: the search ends
				// now rather than write the rest of the batch; what is not recorded is evaluated again on resume
				throw control.halted();
			}
			evaluation = fresh.evaluation();
			write(evaluation);
			if (pool.onCluster()) {
				synchronized (this) {
					doneByMember.merge(fresh.where(), 1L, Long::sum);
				}
			}
		}
		record(key, evaluation);
		return score(evaluation);
	}

	/** A point's evaluation here; null when the halt cut its backtest short. */
	private Evaluation evaluate(int index, Map<String, Double> parameters) {
		BacktestResult result;
		try {
			result = strategy.runForFigures(spec.series(), Parameters.of(parameters), spec.settings(), control.token(),
					cache);
		} catch (IllegalArgumentException refused) {
			return new Evaluation(index, parameters, Map.of(), Double.NaN);
		} catch (java.util.concurrent.CancellationException halted) {
			return null;
		}
		if (result.isCancelled()) {
			return null;
		}
		double[] figures = new double[metrics.size()];
		SweepMetrics.write(result.metrics(), figures);
		return evaluation(index, parameters, figures);
	}

	/**
	 * An evaluation from its figures in {@link SweepMetrics#FIGURES}' order (a member's row may hold more
	 * after them); figures all NaN are a point the strategy refused, as a sweep records one.
	 */
	private Evaluation evaluation(int index, Map<String, Double> parameters, double[] figures) {
		boolean refused = true;
		Map<String, Double> named = new LinkedHashMap<>();
		for (int m = 0; m < metrics.size(); m++) {
			named.put(metrics.get(m), figures[m]);
			refused &= Double.isNaN(figures[m]);
		}
		if (refused) {
			return new Evaluation(index, parameters, Map.of(), Double.NaN);
		}
		return new Evaluation(index, parameters, named, named.get(spec.objective().metric()));
	}

	private void write(Evaluation evaluation) {
		try {
			results.write(SearchFiles.line(evaluation, metrics));
			results.newLine();
			results.flush();
		} catch (IOException e) {
			throw new IllegalStateException("cannot write " + directory.resolve(SearchFiles.RESULTS) + ": " + e.getMessage(), e);
		}
	}

	private void record(String key, Evaluation evaluation) {
		repeats = 0;
		memo.put(key, evaluation);
		Evaluation previous = best;
		boolean better = evaluation.valid()
				&& (previous == null || score(evaluation) > score(previous));
		synchronized (this) {
			evaluations.add(evaluation);
			if (better) {
				best = evaluation;
			}
			bestSoFar.add(best == null ? Double.NaN : best.objective());
		}
		sinceBest = better ? 0 : sinceBest + 1;
		if (System.nanoTime() - lastCheckpoint > CHECKPOINT_INTERVAL_NANOS) {
			try {
				checkpoint();
			} catch (IOException e) {
				throw new IllegalStateException("cannot write the checkpoint in " + directory + ": " + e.getMessage(), e);
			}
		}
	}

	/**
	 * Higher is better; NaN for refused parameters; a ruined run below every run that was not,
	 * as {@link Evaluation#bestFirst} ranks them, so the algorithms search away from ruin.
	 */
	private double score(Evaluation evaluation) {
		if (evaluation.valid() && evaluation.ruined()) {
			return RUINED_SCORE;
		}
		return spec.objective().direction() == Objective.Direction.MAXIMIZE ? evaluation.objective()
				: -evaluation.objective();
	}

	private void checkpoint() throws IOException {
		lastCheckpoint = System.nanoTime();
		SearchState s;
		String why;
		int done;
		synchronized (this) {
			s = control.state();
			why = message;
			done = evaluations.size();
		}
		SearchFiles.writeCheckpoint(directory, id, spec, space, s, done, why);
	}

	/**
	 * Asks the search to end; the backtest in progress sees it at its next poll.
	 *
	 * @return false when it had already ended
	 */
	RunControl control() {
		return control;
	}

	/** The search's thread's stack, for a stop that finds it stuck. */
	String stack() {
		Thread t = thread;
		if (t == null) {
			return id + ": not started";
		}
		StringBuilder s = new StringBuilder(id).append(" (").append(t.getName()).append(')');
		for (StackTraceElement e : t.getStackTrace()) {
			s.append("\n\tat ").append(e);
		}
		return s.toString();
	}

	@Override
	public String id() {
		return id;
	}

	@Override
	public SearchSpec spec() {
		return spec;
	}

	@Override
	public synchronized SearchStatus status() {
		return new SearchStatus(control.state(), evaluations.size(), spec.budget(), space.size(), best, message,
				directory.resolve(SearchFiles.RESULTS), directory.resolve(SearchFiles.CHECKPOINT));
	}

	@Override
	public synchronized List<Evaluation> evaluations() {
		return List.copyOf(evaluations);
	}

	@Override
	public synchronized Map<String, Long> doneByMember() {
		return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(doneByMember));
	}

	@Override
	public synchronized double[] bestSoFar() {
		return bestSoFar.stream().mapToDouble(Double::doubleValue).toArray();
	}

	@Override
	public Path directory() {
		return directory;
	}

	@Override
	public CompletableFuture<SearchStatus> completion() {
		return completion;
	}

	@Override
	public boolean cancel() {
		return control.halt(RunControl.CANCEL);
	}

	Strategy strategy() {
		return strategy;
	}

	IndicatorCache cache() {
		return cache;
	}
}
