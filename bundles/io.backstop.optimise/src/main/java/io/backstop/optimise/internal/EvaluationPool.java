package io.backstop.optimise.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import io.backstop.backtest.CancellationToken;
import io.backstop.sweep.RangeWorker;

/**
 * Evaluates a batch of a search's points at the same time: on this Backstop's worker threads and, for
 * a search on the cluster, on the other members ({@link RangeWorker}s, each point a range of one
 * combination of a sweep over the search's grid, as many in flight on a member as it has cores). Every
 * worker takes the next point not yet taken; a member that fails gives its point back to the others
 * and takes no more, so a point is never lost and never delivered twice.
 */
final class EvaluationPool implements AutoCloseable {

	/** Each task's result (null when the halt cut it short) and where it ran. */
	record Done<T>(List<T> results, List<String> where) {
	}

	/** What evaluates a point here and reads a member's row: null when the halt cut it short. */
	interface Points<T> {
		T here(int task);

		T fromRow(int task, double[] row);

		long combination(int task);
	}

	private final int localWorkers;
	/** This Backstop as the cluster names it. */
	private final String here;
	private final ExecutorService threads;
	private final List<RangeWorker> members = new ArrayList<>();
	/** Every member worker this search had, to release what they hold for it at the end. */
	private final List<RangeWorker> everyMember = new ArrayList<>();
	/** Names of every member worker this search had, failed ones included. */
	private final Set<String> known = new HashSet<>();
	private final java.util.function.Function<Set<String>, List<RangeWorker>> joined;
	private final List<String> failures = new ArrayList<>();
	/** Batches evaluated so far: which member's lanes start first. */
	private final java.util.concurrent.atomic.AtomicInteger batches = new java.util.concurrent.atomic.AtomicInteger();

	/**
	 * @param here    this Backstop as the cluster names it
	 * @param members the cluster's workers at the start (empty for a search on this Backstop)
	 * @param joined  members that joined since, given the names already known; asked before each batch
	 */
	EvaluationPool(String name, int localWorkers, String here, List<RangeWorker> members,
			java.util.function.Function<Set<String>, List<RangeWorker>> joined) {
		this.localWorkers = Math.max(1, localWorkers);
		this.here = here;
		this.joined = joined;
		this.threads = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name(name + " worker ", 1).factory());
		add(members);
	}

	/** A pool of threads here only. */
	static EvaluationPool local(String name, int workers) {
		return new EvaluationPool(name, workers, "", List.of(), present -> List.of());
	}

	private synchronized void add(List<RangeWorker> workers) {
		for (RangeWorker w : workers) {
			if (known.add(w.name())) {
				members.add(w);
				everyMember.add(w);
			}
		}
	}

	/** This Backstop as the cluster names it; empty for a pool without members. */
	String here() {
		return here;
	}

	/** Whether it has (or had) cluster members: then where each point ran is worth counting. */
	boolean onCluster() {
		return !here.isEmpty();
	}

	/** Points it can evaluate at the same time: its threads here and its members' cores. */
	synchronized int parallelism() {
		return localWorkers + members.stream().mapToInt(RangeWorker::cores).sum();
	}

	/** What members failed, in one line each; empty when none did. */
	synchronized List<String> failures() {
		return List.copyOf(failures);
	}

	/**
	 * Evaluates tasks {@code 0 .. count - 1}, each once.
	 *
	 * @return each task's result, null for a task the halt cut short, and where each ran
	 * @throws RuntimeException what evaluating a point here failed with (the other points halt)
	 */
	<T> Done<T> evaluate(int count, Points<T> points, CancellationToken halt) {
		add(joined.apply(snapshotNames()));
		Deque<Integer> queue = new ArrayDeque<>();
		for (int t = 0; t < count; t++) {
			queue.add(t);
		}
		AtomicReference<T>[] results = newResults(count);
		String[] where = new String[count];
		AtomicReference<Throwable> failure = new AtomicReference<>();
		CancellationToken halting = () -> halt.isCancelled() || failure.get() != null;
		// a member that fails gives its point back after the others may have ended: run again until none is left
		while (!halting.isCancelled() && !isEmpty(queue)) {
			List<Future<?>> lanes = new ArrayList<>();
			// members' lanes start first, as their points take a round trip longer: lanes started last
			// may find the batch taken, and on a busy machine this Backstop's lanes alone would take it;
			// each member's first lane before any member's second, and a different member first in each batch
			List<RangeWorker> inTurn = new ArrayList<>(snapshotMembers());
			java.util.Collections.rotate(inTurn, -batches.getAndIncrement());
			int mostLanes = inTurn.stream().mapToInt(m -> Math.min(m.cores(), count)).max().orElse(0);
			for (int l = 0; l < mostLanes; l++) {
				for (RangeWorker member : inTurn) {
					if (l < Math.min(member.cores(), count)) {
						lanes.add(threads.submit(() -> laneOn(member, queue, points, results, where, halting)));
					}
				}
			}
			for (int l = 0; l < Math.min(localWorkers, count); l++) {
				lanes.add(threads.submit(() -> laneHere(queue, points, results, where, failure, halting)));
			}
			for (Future<?> lane : lanes) {
				try {
					lane.get();
				} catch (ExecutionException e) {
					failure.compareAndSet(null, e.getCause());
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					failure.compareAndSet(null, e);
				}
			}
		}
		Throwable failed = failure.get();
		if (failed instanceof RuntimeException runtime) {
			throw runtime;
		}
		if (failed instanceof Error error) {
			throw error;
		}
		if (failed != null) {
			throw new IllegalStateException(failed);
		}
		List<T> list = new ArrayList<>(count);
		for (AtomicReference<T> r : results) {
			list.add(r.get());
		}
		// the lanes' writes to where are seen: each lane's end happens-before its future's get
		return new Done<>(list, java.util.Arrays.asList(where));
	}

	@SuppressWarnings("unchecked")
	private static <T> AtomicReference<T>[] newResults(int count) {
		AtomicReference<T>[] results = new AtomicReference[count];
		for (int t = 0; t < count; t++) {
			results[t] = new AtomicReference<>();
		}
		return results;
	}

	private <T> void laneHere(Deque<Integer> queue, Points<T> points, AtomicReference<T>[] results, String[] where,
			AtomicReference<Throwable> failure, CancellationToken halting) {
		for (Integer task = next(queue, halting); task != null; task = next(queue, halting)) {
			try {
				where[task] = here;
				results[task].set(points.here(task));
			} catch (RuntimeException | Error e) {
				failure.compareAndSet(null, e);
				return;
			}
		}
	}

	private <T> void laneOn(RangeWorker member, Deque<Integer> queue, Points<T> points, AtomicReference<T>[] results,
			String[] where, CancellationToken halting) {
		for (Integer task = next(queue, halting); task != null; task = next(queue, halting)) {
			if (!isMember(member)) {
				giveBack(queue, task);
				return;
			}
			long combination = points.combination(task);
			double[][] row = new double[1][];
			try {
				if (member.evaluate(combination, combination + 1, (index, metrics) -> row[0] = metrics.clone(), halting)
						&& row[0] != null) {
					where[task] = member.name();
					results[task].set(points.fromRow(task, row[0]));
				}
			} catch (Exception | Error e) {
				giveBack(queue, task);
				drop(member, e);
				return;
			}
		}
	}

	private static Integer next(Deque<Integer> queue, CancellationToken halting) {
		if (halting.isCancelled()) {
			return null;
		}
		synchronized (queue) {
			return queue.pollFirst();
		}
	}

	private static void giveBack(Deque<Integer> queue, int task) {
		synchronized (queue) {
			queue.addFirst(task);
		}
	}

	private static boolean isEmpty(Deque<Integer> queue) {
		synchronized (queue) {
			return queue.isEmpty();
		}
	}

	private synchronized boolean isMember(RangeWorker member) {
		return members.contains(member);
	}

	private synchronized void drop(RangeWorker member, Throwable why) {
		if (members.remove(member)) {
			failures.add(member.name() + ": " + (why.getMessage() == null ? why.toString() : why.getMessage())
					+ "; its points ran elsewhere");
		}
	}

	private synchronized Set<String> snapshotNames() {
		return Set.copyOf(known);
	}

	private synchronized List<RangeWorker> snapshotMembers() {
		return List.copyOf(members);
	}

	@Override
	public void close() {
		threads.shutdownNow();
		List<RangeWorker> all;
		synchronized (this) {
			all = List.copyOf(everyMember);
			members.clear();
		}
		all.forEach(RangeWorker::close);
	}
}
