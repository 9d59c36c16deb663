package io.backstop.sweep.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

import io.backstop.backtest.CancellationToken;
import io.backstop.estop.api.StopSignal;
import io.backstop.sweep.RangeWorker;
import io.backstop.sweep.SweepHandle;
import io.backstop.sweep.SweepResult;
import io.backstop.sweep.SweepSpec;
import io.backstop.sweep.SweepState;
import io.backstop.sweep.SweepStatus;

/**
 * One run of a sweep on threads of the engine's long-lived worker pool. Workers take combinations by index in
 * small chunks from an atomic counter, skip those already done (a resumed sweep), and check the
 * per-sweep halt flag and the stop signal between combinations and, through the kernel's
 * cancellation token, every few thousand bars. Rows go to the results file in batches; the last
 * worker out closes the file, writes the checkpoint and completes {@link #completion()}.
 */
final class SweepRun implements SweepHandle {

	static final int HALT_NONE = 0;
	static final int HALT_CANCEL = 1;
	static final int HALT_STOP = 2;
	static final int HALT_FAILED = 3;
	static final int HALT_WITHDRAWN = 4;

	private static final int BATCH_ROWS = 64;
	/** Combinations per core of a remote worker's range: a range costs a round trip and a hand-over of threads there, milliseconds on a busy machine. */
	private static final int RANGE_PER_CORE = 256;
	private static final long BATCH_NANOS = 200_000_000L;
	/** Frames of a stuck worker's stack put into the stop report. */
	private static final int STACK_FRAMES = 16;
	/** Where the local workers run, when the remote executor gives this JVM no name. */
	static final String LOCAL_NAME = "this member";

	private final String id;
	private final SweepSpec spec;
	private final Path directory;
	private final Grid grid;
	private final ComboEvaluator evaluator;
	private final int objectiveAt;
	private final DoneSet done;
	private final TopK topK;
	private final ResultsFile results;
	private final Path checkpointFile;
	private final StopSignal signal;
	private final BiConsumer<SweepRun, SweepStatus> onFinished;
	private final int workerCount;
	private final int chunk;
	private final long doneAtStart;
	/** Whether remote workers take ranges: also those that come while it runs (a member that joined). */
	private final boolean distributed;
	private final List<RangeWorker> remote = new CopyOnWriteArrayList<>();
	/** Names of every remote worker this run has had, failed ones included: none is given a second. */
	private final Set<String> remoteNames = ConcurrentHashMap.newKeySet();
	/** Remote workers that failed, with why: their ranges were evaluated here. */
	private final List<String> remoteFailures = new CopyOnWriteArrayList<>();
	/**
	 * Ranges of remote workers that failed, in chunks: every local worker takes them before new
	 * combinations, so a failed range runs again at once on all cores.
	 */
	private final Queue<long[]> returned = new ConcurrentLinkedQueue<>();
	private final String localName;
	/** Combinations this run computed, by where they ran. */
	private final Map<String, LongAdder> doneBy = new ConcurrentHashMap<>();

	private final AtomicLong next = new AtomicLong();
	private final AtomicInteger halt = new AtomicInteger(HALT_NONE);
	private final AtomicInteger live = new AtomicInteger();
	private final LongAdder bars = new LongAdder();
	private final LongAdder evaluated = new LongAdder();
	private final AtomicReference<Throwable> failure = new AtomicReference<>();
	private final CompletableFuture<SweepStatus> completion = new CompletableFuture<>();
	private final Object checkpointLock = new Object();
	private final Executor pool;
	/** Pool threads working for this run now. */
	private final Set<Thread> workerThreads = ConcurrentHashMap.newKeySet();
	private final CancellationToken token = this::halting;

	private final Instant startedAt = Instant.now();
	private final long startNanos = System.nanoTime();
	private volatile long lastWorkerExitNanos;
	/** The same for the threads that computed here: the workers, and feeders that took back a failed member's range. */
	private volatile long lastComputingExitNanos;
	/** Set on the engine's monitor thread once STARTED is posted; PROGRESS events follow it. */
	volatile boolean announced;
	private volatile boolean finishing;
	private volatile SweepState state = SweepState.RUNNING;
	private volatile Instant finishedAt;
	private volatile String message = "";

	SweepRun(String id, SweepSpec spec, Path directory, Grid grid, ComboEvaluator evaluator, DoneSet done, TopK topK,
			ResultsFile results, StopSignal signal, BiConsumer<SweepRun, SweepStatus> onFinished, Executor pool) {
		this(id, spec, directory, grid, evaluator, done, topK, results, signal, onFinished, pool, List.of(), "");
	}

	/**
	 * A run that also has ranges evaluated by {@code remote} workers.
	 *
	 * @param localName where this JVM's workers run, as the remote workers' names say it
	 */
	SweepRun(String id, SweepSpec spec, Path directory, Grid grid, ComboEvaluator evaluator, DoneSet done, TopK topK,
			ResultsFile results, StopSignal signal, BiConsumer<SweepRun, SweepStatus> onFinished, Executor pool,
			List<RangeWorker> remote, String localName) {
		this.distributed = !remote.isEmpty();
		this.localName = localName.isEmpty() ? LOCAL_NAME : localName;
		this.id = id;
		this.pool = pool;
		this.spec = spec;
		this.directory = directory;
		this.grid = grid;
		this.evaluator = evaluator;
		this.objectiveAt = evaluator.metricNames().indexOf(spec.objective().metric());
		this.done = done;
		this.topK = topK;
		this.results = results;
		this.checkpointFile = directory.resolve(Checkpoint.FILE_NAME);
		this.signal = signal;
		this.onFinished = onFinished;
		this.workerCount = spec.effectiveWorkers();
		long chunk = Math.max(1, Math.min(64, grid.total() / (workerCount * 32L)));
		this.chunk = (int) (distributed ? inWholeBlocks(chunk) : chunk);
		this.doneAtStart = done.count();
		for (RangeWorker worker : remote) {
			this.remote.add(worker);
			remoteNames.add(worker.name());
		}
	}

	/** Starts the workers and one feeder per remote worker (once). */
	void start() {
		live.set(workerCount + remote.size());
		for (int w = 0; w < workerCount; w++) {
			String name = "sweep-" + id + "-worker-" + w;
			pool.execute(() -> work(name, null));
		}
		for (RangeWorker worker : remote) {
			startFeeder(worker);
		}
	}

	private void startFeeder(RangeWorker worker) {
		String name = "sweep-" + id + "-feeder-" + worker.name();
		pool.execute(() -> work(name, worker));
	}

	/** Whether this run farms ranges to remote workers, and so takes new ones that come while it runs. */
	boolean isDistributed() {
		return distributed;
	}

	/** Names of the remote workers this run has had: a new worker must not be one of them. */
	Set<String> remoteNames() {
		return Set.copyOf(remoteNames);
	}

	/**
	 * Gives the run a remote worker that came while it runs (a member that joined); it takes ranges
	 * like the first ones.
	 *
	 * @return false when the run has no work left for it or already had a worker of that name: the
	 *         caller closes it
	 */
	boolean addRemote(RangeWorker worker) {
		if (!distributed || halting() || next.get() >= grid.total() || !remoteNames.add(worker.name())) {
			return false;
		}
		// the last worker out finishes the run: a run whose workers have all left takes no more
		if (live.getAndUpdate(n -> n == 0 ? 0 : n + 1) == 0) {
			return false;
		}
		remote.add(worker);
		startFeeder(worker);
		return true;
	}

	/** The cheap check every worker makes: a volatile read of the halt flag and of the stop signal. */
	boolean halting() {
		return halt.get() != HALT_NONE || (signal != null && signal.isRaised());
	}

	/**
	 * A worker's loop: takes chunks of combinations from the shared counter until none is left or
	 * the run halts. With a remote worker, a feeder: takes ranges sized by the worker's cores and
	 * has them evaluated there; a range the worker fails on is evaluated here, and the feeder ends.
	 */
	private void work(String name, RangeWorker remoteWorker) {
		Thread me = Thread.currentThread();
		String poolName = me.getName();
		me.setName(name);
		workerThreads.add(me);
		Batch batch = new Batch();
		long total = grid.total();
		long size = remoteWorker == null ? chunk : rangeSize(remoteWorker.cores());
		boolean computedHere = remoteWorker == null;
		try {
			while (!halting()) {
				long[] again = remoteWorker == null ? returned.poll() : null;
				if (again != null) {
					if (!evaluateHere(again[0], again[1], batch)) {
						break;
					}
					continue;
				}
				long first = next.getAndAdd(size);
				if (first >= total) {
					break;
				}
				long end = Math.min(total, first + size);
				if (remoteWorker == null) {
					if (!evaluateHere(first, end, batch)) {
						break;
					}
				} else if (!evaluateThere(remoteWorker, first, end, batch)) {
					// a failed member's range was taken back here
					computedHere |= !remote.contains(remoteWorker);
					break;
				}
			}
		} catch (Throwable t) {
			// a strategy that answers its cancellation by throwing has halted, not failed
			if (!(t instanceof CancellationException && halting())) {
				failure.compareAndSet(null, t);
				halt.compareAndSet(HALT_NONE, HALT_FAILED);
			}
		} finally {
			// an interrupt meant for the halted work (a stop's, for a worker it found stuck) would close
			// the file channels that save the work done
			Thread.interrupted();
			try {
				batch.flush();
			} catch (RuntimeException e) {
				failure.compareAndSet(null, e);
			}
			if (remoteWorker != null) {
				closeQuietly(remoteWorker);
			}
			workerThreads.remove(me);
			me.setName(poolName);
			lastWorkerExitNanos = System.nanoTime();
			if (computedHere) {
				lastComputingExitNanos = lastWorkerExitNanos;
			}
			if (live.decrementAndGet() == 0) {
				finish();
			}
		}
	}

	/** Evaluates the combinations {@code first .. end - 1} not yet done; false once the run halts. */
	private boolean evaluateHere(long first, long end, Batch batch) {
		LongAdder here = doneBy(localName);
		for (long index = first; index < end; index++) {
			if (done.isDone(index)) {
				continue;
			}
			if (halting()) {
				return false;
			}
			grid.decode(index, batch.parameters);
			long outcome = evaluator.evaluate(batch.parameters, batch.metrics, token);
			if (outcome < 0) {
				bars.add(-outcome - 1);
				return false;
			}
			bars.add(outcome);
			batch.record(index, batch.metrics);
			here.increment();
		}
		return true;
	}

	/**
	 * Has a remote worker evaluate a range; a range it fails on goes back to the local workers in
	 * chunks, this feeder helps them until none is left, and the worker gets no more (false: this
	 * feeder ends).
	 */
	private boolean evaluateThere(RangeWorker worker, long first, long end, Batch batch) {
		boolean delivered;
		LongAdder there = doneBy(worker.name());
		try {
			delivered = worker.evaluate(first, end, (index, metrics) -> {
				if (!done.isDone(index)) {
					grid.decode(index, batch.parameters);
					batch.record(index, metrics);
					there.increment();
				}
			}, token);
		} catch (Exception e) {
			remoteFailures.add(worker.name() + ": " + e.getMessage());
			remote.remove(worker);
			for (long from = first; from < end; from += chunk) {
				returned.add(new long[] { from, Math.min(end, from + chunk) });
			}
			// local workers that found the grid taken have left: what they do not take, this thread does
			for (long[] again = returned.poll(); again != null && !halting(); again = returned.poll()) {
				if (!evaluateHere(again[0], again[1], batch)) {
					break;
				}
			}
			return false;
		}
		return delivered;
	}

	private LongAdder doneBy(String where) {
		return doneBy.computeIfAbsent(where, w -> new LongAdder());
	}

	@Override
	public long doneAtStart() {
		return doneAtStart;
	}

	@Override
	public Map<String, Long> doneByMember() {
		if (!distributed) {
			return Map.of();
		}
		Map<String, Long> byMember = new LinkedHashMap<>();
		byMember.put(localName, doneBy(localName).sum());
		new TreeMap<>(doneBy).forEach((where, count) -> byMember.putIfAbsent(where, count.sum()));
		return byMember;
	}

	/** Combinations per range of a remote worker: enough to keep its cores busy, small enough to share the grid. */
	private long rangeSize(int cores) {
		long allCores = workerCount;
		for (RangeWorker worker : remote) {
			allCores += Math.max(1, worker.cores());
		}
		return inWholeBlocks(
				Math.max(1, Math.min(Math.max(1, cores) * (long) RANGE_PER_CORE, grid.total() / (8 * allCores))));
	}

	/**
	 * {@code size} rounded to whole {@linkplain Grid#block() blocks} of the grid, where a block is
	 * not far larger: every take from the shared counter is then whole blocks, so no block is
	 * split between this JVM and a member, and what a strategy prepares per block (the z-score
	 * kernel's statistics of one period: a third of its work on 125,000 bars) is prepared once.
	 */
	private long inWholeBlocks(long size) {
		long block = grid.block();
		if (block > 4 * size) {
			return size;
		}
		return Math.max(1, Math.round((double) size / block)) * block;
	}

	private static void closeQuietly(RangeWorker worker) {
		try {
			worker.close();
		} catch (RuntimeException e) {
			java.util.logging.Logger.getLogger(SweepRun.class.getName())
					.fine(() -> "closing " + worker.name() + ": " + e.getMessage());
		}
	}

	/** A worker's rows not yet in the results file. */
	private final class Batch {
		final double[] parameters = new double[grid.parameterCount()];
		final double[] metrics = new double[evaluator.metricNames().size()];
		private final long[] pending = new long[BATCH_ROWS];
		private final StringBuilder text = new StringBuilder(BATCH_ROWS * 128);
		private int count;
		private long started = System.nanoTime();

		/** Records a combination whose values are in {@link #parameters}. */
		void record(long index, double[] rowMetrics) {
			evaluated.increment();
			topK.offer(index, rowMetrics[objectiveAt], parameters, rowMetrics);
			results.formatRow(text, index, parameters, rowMetrics);
			pending[count++] = index;
			if (count == BATCH_ROWS || System.nanoTime() - started > BATCH_NANOS) {
				flush();
			}
		}

		void flush() {
			results.append(text, pending, count, done);
			count = 0;
			started = System.nanoTime();
		}
	}

	private void finish() {
		finishing = true;
		Throwable failed = failure.get();
		SweepState end;
		if (failed != null) {
			end = SweepState.FAILED;
			// a results file that cannot be written says so with its path
			message = failed instanceof java.io.UncheckedIOException io ? io.getMessage()
					: failed.getClass().getSimpleName() + ": " + failed.getMessage();
		} else if (done.count() == grid.total()) {
			end = SweepState.COMPLETED;
		} else if (halt.get() == HALT_CANCEL) {
			end = SweepState.CANCELLED;
			message = "cancelled";
		} else if (halt.get() == HALT_WITHDRAWN) {
			end = SweepState.CANCELLED;
			message = "halted: strategy " + spec.strategyId() + " was withdrawn while the sweep ran; "
					+ String.format(java.util.Locale.ROOT, "%,d of %,d", done.count(), grid.total())
					+ " combinations kept";
		} else {
			end = SweepState.STOPPED;
			message = "halted by the emergency stop";
		}
		if (end != SweepState.FAILED && !remoteFailures.isEmpty()) {
			String moved = remoteFailures.size() + " remote worker(s) failed and their ranges ran here; the first: "
					+ remoteFailures.get(0);
			message = message.isEmpty() ? moved : message + "; " + moved;
		}
		if (end != SweepState.FAILED && !evaluator.withoutFigures().isEmpty()) {
			message = message.isEmpty() ? evaluator.withoutFigures() : message + "; " + evaluator.withoutFigures();
		}
		try {
			results.close();
		} catch (IOException e) {
			end = SweepState.FAILED;
			message = "cannot write " + results.path() + ": " + e.getMessage();
		}
		try {
			writeCheckpoint(end, true);
		} catch (IOException e) {
			end = SweepState.FAILED;
			message = "cannot write the checkpoint " + checkpointFile + ": " + e.getMessage();
		}
		evaluator.release();
		finishedAt = Instant.now();
		state = end;
		SweepStatus status = status();
		// the engine learns of the end before anyone waiting on the completion: its halt step reports
		// a run the signal halted exactly once
		onFinished.accept(this, status);
		completion.complete(status);
	}

	/**
	 * Writes the checkpoint of what is on disk now; a periodic one is skipped once the run finishes.
	 * The run's last one is in place at once and reaches the disk afterwards ({@link Checkpoint#writeLast}).
	 */
	void writeCheckpoint(SweepState as, boolean last) throws IOException {
		synchronized (checkpointLock) {
			if (!last && finishing) {
				return;
			}
			long[] bits = results.flushAndSnapshot(done);
			Checkpoint checkpoint = Checkpoint.of(id, spec, grid, bits, as, last ? message : "");
			if (last) {
				checkpoint.writeLast(checkpointFile);
			} else {
				checkpoint.write(checkpointFile);
			}
		}
	}

	/** Periodic work of the monitor: flush the results file and, when asked, write a checkpoint. */
	void tick(boolean checkpoint) throws IOException {
		if (finishing) {
			return;
		}
		if (checkpoint) {
			writeCheckpoint(SweepState.RUNNING, false);
		} else {
			results.flush();
		}
	}

	/** Asks the workers to stop for the given reason (the first reason given wins). */
	boolean halt(int reason) {
		halt.compareAndSet(HALT_NONE, reason);
		return !completion.isDone();
	}

	@Override
	public boolean cancel() {
		return halt(HALT_CANCEL);
	}

	/** The stop signal the workers poll, or null. */
	StopSignal signal() {
		return signal;
	}

	/** Workers still running. */
	int liveWorkers() {
		return live.get();
	}

	/** Interrupts workers still running (for a worker that did not acknowledge in time). */
	void interruptWorkers() {
		workerThreads.forEach(Thread::interrupt);
	}

	/** The name and stack of every worker still running, innermost frames first. */
	List<String> workerStacks() {
		List<String> stacks = new ArrayList<>();
		for (Thread t : workerThreads) {
			StringBuilder s = new StringBuilder(t.getName()).append(" (").append(t.getState()).append(")");
			StackTraceElement[] frames = t.getStackTrace();
			for (int f = 0; f < Math.min(frames.length, STACK_FRAMES); f++) {
				s.append("\n\tat ").append(frames[f]);
			}
			if (frames.length > STACK_FRAMES) {
				s.append("\n\t... ").append(frames.length - STACK_FRAMES).append(" more");
			}
			stacks.add(s.toString());
		}
		return stacks;
	}

	/** {@link System#nanoTime()} when the last worker or feeder so far exited. */
	long lastWorkerExitNanos() {
		return lastWorkerExitNanos;
	}

	/**
	 * {@link System#nanoTime()} when the last thread that computed here exited; a feeder that only
	 * waited for another member's rows does not count.
	 */
	long lastComputingExitNanos() {
		return lastComputingExitNanos;
	}

	/** Combinations evaluated by this run (for tests: must stay still once halted). */
	long evaluatedCount() {
		return evaluated.sum();
	}

	long barsEvaluated() {
		return bars.sum();
	}

	boolean isFinished() {
		return completion.isDone();
	}

	ComboEvaluator evaluator() {
		return evaluator;
	}

	@Override
	public String id() {
		return id;
	}

	@Override
	public SweepSpec spec() {
		return spec;
	}

	@Override
	public Path directory() {
		return directory;
	}

	@Override
	public CompletableFuture<SweepStatus> completion() {
		return completion;
	}

	@Override
	public SweepStatus status() {
		long doneNow = done.count();
		long total = grid.total();
		double seconds = ((finishedAt == null ? System.nanoTime() : lastWorkerExitNanos) - startNanos) / 1e9;
		double rate = seconds > 0.05 ? (doneNow - doneAtStart) / seconds : 0;
		Duration eta = state == SweepState.RUNNING && rate > 0
				? Duration.ofMillis((long) ((total - doneNow) / rate * 1000))
				: null;
		List<SweepResult> top = new ArrayList<>();
		for (TopK.Entry e : topK.sorted()) {
			top.add(toResult(e));
		}
		return new SweepStatus(id, spec.strategyId(), state, doneNow, total, rate, eta, bars.sum(), workerCount,
				top.isEmpty() ? null : top.get(0), top, results.path(), checkpointFile, startedAt, finishedAt, message);
	}

	private SweepResult toResult(TopK.Entry e) {
		Map<String, Double> metrics = new LinkedHashMap<>();
		List<String> names = evaluator.metricNames();
		for (int m = 0; m < names.size(); m++) {
			metrics.put(names.get(m), e.metrics()[m]);
		}
		return new SweepResult(e.index(), grid.asMap(e.parameters()), metrics, e.objective(), e.sameOutcome());
	}

	@Override
	public String toString() {
		return "sweep " + id + " (" + state + ")";
	}
}
